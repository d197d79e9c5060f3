// The one stylesheet, embedded in every page: the sandbox must work with no network at all, so no
// external fonts, CSS or icons. Alipay-like blue, with a striped sandbox bar that no one mistakes
// for the real thing.
export const STYLES = `
:root{--blue:#1677ff;--blue-d:#0958d9;--bg:#f4f6fa;--card:#fff;--line:#e3e7ee;--text:#1f2329;--muted:#646a73;
--ok:#12813a;--ok-bg:#e7f6ec;--warn:#a15c00;--warn-bg:#fff4e0;--bad:#c4302b;--bad-bg:#fdecea;--info-bg:#e8f1ff;--grey-bg:#eef0f3;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC",Roboto,sans-serif}
a{color:var(--blue);text-decoration:none}a:hover{text-decoration:underline}
code,pre,.mono{font-family:var(--mono);font-size:12.5px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:0 0 12px}
.sandbox-bar{background:repeating-linear-gradient(135deg,#fff4e0 0 14px,#ffe9c2 14px 28px);color:#7a4500;font-size:12px;text-align:center;padding:3px 8px;border-bottom:1px solid #f3d39b}
.top{background:#fff;border-bottom:1px solid var(--line)}
.top-in{max-width:1240px;margin:0 auto;display:flex;align-items:center;gap:22px;padding:0 20px;height:52px}
.brand{font-weight:600;color:var(--text);display:flex;align-items:center;gap:8px;white-space:nowrap}
.logo{width:26px;height:26px;border-radius:7px;background:var(--blue);color:#fff;display:grid;place-items:center;font-size:14px;font-weight:700}
.tag{font-size:11px;font-weight:600;color:#7a4500;background:#ffe9c2;border-radius:4px;padding:1px 6px;letter-spacing:.04em}
.nav{display:flex;gap:4px;flex:1}.nav a{color:var(--muted);padding:6px 12px;border-radius:6px}
.nav a:hover{background:var(--grey-bg);text-decoration:none}.nav a[aria-current=page]{color:var(--blue);background:var(--info-bg);font-weight:600}
.langs{display:flex;gap:2px;font-size:13px}.langs a{padding:3px 8px;border-radius:5px;color:var(--muted)}.langs a[aria-current=true]{background:var(--grey-bg);color:var(--text);font-weight:600}
main{max-width:1240px;margin:0 auto;padding:22px 20px 60px}
.lead{color:var(--muted);margin:0 0 18px}.mb .lead{margin-bottom:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin-bottom:16px}
.card-head{display:flex;align-items:center;justify-content:space-between;gap:12px;margin-bottom:12px}.card-head h2{margin:0}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:16px;align-items:start}.grid2>*{min-width:0}.grid2>.card,.stack>.card{margin-bottom:0}
.grid-home{grid-template-columns:minmax(0,2fr) minmax(300px,1fr)}
.stack{display:grid;gap:16px}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;margin:0}dl.kv.cols2{grid-template-columns:max-content minmax(0,1fr) max-content minmax(0,1fr);column-gap:20px}dl.kv dt{color:var(--muted)}dl.kv dd{margin:0;word-break:break-all}
table{width:100%;border-collapse:collapse}th{text-align:left;font-weight:500;color:var(--muted);font-size:12.5px;background:#fafbfc}
th,td{padding:8px 10px;border-bottom:1px solid var(--line);vertical-align:top}tr:last-child td{border-bottom:0}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.nowrap{white-space:nowrap}.muted{color:var(--muted)}.small{font-size:12px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:500;white-space:nowrap;background:var(--grey-bg);color:var(--muted)}
.badge.ok{background:var(--ok-bg);color:var(--ok)}.badge.warn{background:var(--warn-bg);color:var(--warn)}.badge.bad{background:var(--bad-bg);color:var(--bad)}.badge.info{background:var(--info-bg);color:var(--blue-d)}
.chip{display:inline-block;font-family:var(--mono);font-size:11.5px;padding:0 6px;border-radius:4px;background:#fff0f0;color:var(--bad);border:1px solid #f6caca;margin-right:4px}
button,.btn{font:inherit;border:1px solid var(--line);background:#fff;color:var(--text);border-radius:6px;padding:5px 12px;cursor:pointer;display:inline-block;white-space:nowrap}
button:hover,.btn:hover{border-color:var(--blue);color:var(--blue);text-decoration:none}button:disabled{opacity:.5;cursor:not-allowed}
.primary{background:var(--blue);border-color:var(--blue);color:#fff}.primary:hover{background:var(--blue-d);color:#fff}
.danger:hover{border-color:var(--bad);color:var(--bad)}
input,select,textarea{font:inherit;border:1px solid var(--line);border-radius:6px;padding:6px 9px;background:#fff;color:var(--text);min-width:0}
input:focus,select:focus,textarea:focus{outline:2px solid #bcd6ff;border-color:var(--blue)}
textarea{font-family:var(--mono);font-size:12.5px;width:100%}
.filters{display:flex;gap:10px;align-items:end;flex-wrap:wrap}.field{display:grid;gap:4px}.field>span{font-size:12px;color:var(--muted)}
.row{display:flex;gap:8px;flex-wrap:wrap;align-items:center}.mt{margin-top:12px}.mt2{margin-top:22px}.mb{margin-bottom:16px}
.kind-help{flex:1;min-width:280px;margin:22px 0 0}.count{width:12em}
.empty{color:var(--muted);padding:18px 0;text-align:center}
.toast{position:fixed;right:20px;bottom:20px;background:#1f2329;color:#fff;padding:8px 14px;border-radius:8px;box-shadow:0 4px 16px #0003;font-size:13px}
.toast.bad{background:var(--bad)}
.live{font-size:12px;color:var(--muted);display:inline-flex;align-items:center;gap:6px}.live::before{content:"";width:7px;height:7px;border-radius:50%;background:#35b860}
.live.paused::before{background:#aaa}
.notif{padding:0;overflow:hidden}.notif-head{display:flex;align-items:center;flex-wrap:wrap;gap:8px 12px;padding:12px 16px;border-bottom:1px solid var(--line);background:#fafbfc}
.notif-head .spacer{flex:1}.notif-meta{display:flex;flex-wrap:wrap;gap:4px 22px;padding:10px 16px;font-size:12.5px;color:var(--muted)}.notif-meta b{font-weight:500;color:var(--text)}
.attempts{display:grid;grid-template-columns:72px 60px 150px 118px 56px minmax(140px,1.4fr) minmax(120px,1fr) 76px 120px;font-size:13px;border-top:1px solid var(--line)}
.attempts>div{display:contents}.attempts [role=cell],.attempts [role=columnheader]{padding:7px 10px;border-bottom:1px solid var(--line);min-width:0;overflow-wrap:anywhere}
.attempts [role=columnheader]{color:var(--muted);font-size:12px;background:#fafbfc;white-space:nowrap}.attempts .r{text-align:right}
.attempts details{grid-column:9}.attempts details[open]{grid-column:1/-1;padding:0 16px 10px;background:#fafbfc}
.attempts summary{cursor:pointer;color:var(--blue);font-size:12.5px;padding:7px 0;white-space:nowrap}
pre{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:10px;margin:4px 0;white-space:pre-wrap;word-break:break-all;max-height:260px;overflow:auto}
.resp{display:block;font-family:var(--mono);font-size:12px;background:#f6f8fa;border-radius:4px;padding:0 5px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.fault-list{list-style:none;margin:0;padding:0}.fault-list li{padding:8px 0;border-bottom:1px solid var(--line)}.fault-list li:last-child{border-bottom:0}
.pre-label{font-size:12px;color:var(--muted);margin-top:8px}
.err{color:var(--bad)}
.qr-fig{margin:0;text-align:center;max-width:150px}.kv-row{display:flex;gap:18px;align-items:flex-start}.kv-row>dl{flex:1;min-width:0}
.qr-svg{width:132px;height:132px;border:1px solid var(--line);border-radius:8px;padding:4px;background:#fff}
`;
