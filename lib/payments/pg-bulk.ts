// PostgreSQL's bulk reads and writes on a checked-out client, inside the driver's transactions
// (driver.ts): a large result read through a cursor a page at a time, and rows written by COPY.
import "server-only";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/**
 * PostgreSQL's rows through a cursor, EACH_PAGE at a time: the result is never held whole, as rows or as
 * arrays. The next page is asked for before this one is handed on, so that the server reads it meanwhile.
 */
const EACH_PAGE = 10_000;

export async function pgEachRow(client: pg.PoolClient, text: string, values: unknown[], row: (values: unknown[]) => void): Promise<number> {
  await client.query(`DECLARE afc_each NO SCROLL CURSOR FOR ${text}`, values);
  const fetch = () => {
    const page = client.query<unknown[]>({ text: `FETCH ${EACH_PAGE} FROM afc_each`, rowMode: "array" });
    // Awaited below, unless handing on a page throws first: that must not leave it unhandled.
    page.catch(() => {});
    return page;
  };
  let count = 0;
  let next = fetch();
  for (;;) {
    const page = await next;
    const more = page.rows.length === EACH_PAGE;
    if (more) next = fetch();
    for (const item of page.rows) row(item);
    count += page.rows.length;
    if (!more) break;
  }
  await client.query("CLOSE afc_each");
  return count;
}

/**
 * Feeds `chunks` to a COPY, waiting whenever the socket's buffer is full. A row the server refuses fails
 * the COPY with the server's error, and the transaction with it.
 */
export async function pgCopyIn(client: pg.PoolClient, text: string, chunks: readonly (string | Buffer)[]): Promise<number> {
  const stream = client.query(copyFrom(text));
  // pg-copy-streams emits the server's error rather than destroying the stream, and may emit a second
  // (a timeout, then the connection's end): listened to from the start, for good.
  const failed = new Promise<never>((_, reject) => stream.on("error", reject));
  const done = new Promise<void>((resolve) => stream.once("finish", resolve));
  failed.catch(() => {});
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await Promise.race([new Promise((resolve) => stream.once("drain", resolve)), failed]);
  }
  stream.end();
  await Promise.race([done, failed]);
  return stream.rowCount;
}
