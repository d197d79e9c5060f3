// Extra styles for the buyer's phone page: one column, large amount, full-width buttons, Alipay blue.
export const BUYER_STYLES = `
body{background:#eef2f8}
.phone-top{background:var(--blue);color:#fff;display:flex;align-items:center;gap:8px;padding:0 12px;height:48px;position:sticky;top:0;z-index:1}
.phone-top b{font-size:16px}.phone-top .back{color:#fff;font-size:26px;line-height:1;padding:0 6px 2px 0}.phone-top .back:hover{text-decoration:none}
.phone-top .spacer{flex:1}.phone-top .langs a{color:#dbe8ff}.phone-top .langs a[aria-current=true]{background:#ffffff2e;color:#fff}
main.phone{max-width:480px;padding:14px 14px 40px}
.picker,.open{background:#fff;border-radius:12px;padding:10px 14px;margin-bottom:12px;display:grid;gap:6px}
.picker{grid-template-columns:auto 1fr;align-items:center;gap:10px}.picker label,.open label{font-size:12.5px;color:var(--muted)}
.picker select{width:100%}
.open-row{display:flex;gap:8px}.open-row input{flex:1;font-family:var(--mono);font-size:13px}
.cashier{background:#fff;border-radius:14px;padding:20px 18px 18px;margin-bottom:14px;box-shadow:0 1px 3px #0000000d}
.merchant{display:flex;align-items:center;gap:10px;padding-bottom:14px;border-bottom:1px dashed var(--line)}
.merchant-logo{width:36px;height:36px;border-radius:50%;background:var(--info-bg);color:var(--blue);display:grid;place-items:center;font-weight:700}
.amount{font-size:44px;font-weight:600;text-align:center;margin:22px 0 2px;font-variant-numeric:tabular-nums;letter-spacing:-.5px}
.amount .currency{font-size:26px;margin-right:4px;vertical-align:4px}
.subject{text-align:center;color:var(--muted);margin:0 0 16px;word-break:break-word}
.order{font-size:13px;padding:12px 0;border-top:1px solid var(--line);border-bottom:1px solid var(--line);margin-bottom:14px}
.order dd{text-align:right}
.state-note{font-size:12.5px;color:var(--blue-d);background:var(--info-bg);border-radius:8px;padding:8px 10px;margin:0 0 14px}
.state-note.scanned{color:var(--warn);background:var(--warn-bg)}
.actions{display:grid;gap:10px}
.actions .pay{background:var(--blue);border-color:var(--blue);color:#fff;font-size:17px;font-weight:600;padding:12px;border-radius:10px}
.actions .pay:hover{background:var(--blue-d);color:#fff}
.secondary{font-size:15px;padding:10px;border-radius:10px;text-align:center}.block{display:block;margin-top:12px;border:1px solid var(--line)}
.abandon{text-align:center;color:var(--muted);padding:6px}
.outcome{text-align:center;padding:6px 0 10px}.outcome h2{font-size:19px;margin:8px 0 4px}.outcome p{color:var(--muted);margin:0}
.outcome-icon{width:56px;height:56px;border-radius:50%;margin:0 auto;display:grid;place-items:center;font-size:30px;font-weight:700;color:#fff;background:#b8bec8}
.outcome.ok .outcome-icon{background:#1dae5b}.outcome.bad .outcome-icon{background:#f0793b}.outcome.waiting .outcome-icon{background:var(--blue);font-size:18px;border-radius:12px}
.receipt{font-size:13px;margin-top:14px;background:#f7f9fc;border-radius:10px;padding:12px}.receipt dd{text-align:right}.receipt .mono{font-size:12px}
.alert{background:var(--bad-bg);color:var(--bad);border-radius:8px;padding:9px 12px;margin:0 0 14px;font-size:13.5px}
.center{text-align:center}
`;
