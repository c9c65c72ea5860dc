import Database from 'better-sqlite3';
const db = new Database('/tmp/prof/store/events.sqlite', { readonly: true });
db.defaultSafeIntegers(true);
if (process.env.XP_CACHE) db.pragma(`cache_size = ${process.env.XP_CACHE}`);
if (process.env.XP_MMAP) db.pragma(`mmap_size = ${process.env.XP_MMAP}`);
const prefix = process.env.XP_PREFIX ?? 'benefit-year-';
const streams = (db.prepare("SELECT stream_name FROM streams WHERE stream_name LIKE ? LIMIT 5000").all(prefix + '%') as any[]).map((r) => r.stream_name as string);
const q = db.prepare('SELECT * FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?');
const t0 = process.hrtime.bigint(); let n = 0;
for (const s of streams) { for (const r of q.all(s, 0n, 1000n) as any[]) { n++; JSON.parse(r.data); JSON.parse(r.metadata); } }
const t1 = process.hrtime.bigint();
console.log(`${prefix} cache=${process.env.XP_CACHE ?? 'default'} mmap=${process.env.XP_MMAP ?? '0'}: ${streams.length} streams, ${(n / streams.length).toFixed(1)} ev/stream, cold ${(Number(t1 - t0) / 1e3 / streams.length).toFixed(1)} µs/stream`);
