/**
 * Benchmark (issue 6: "PDFs generated and signed for a class of 45 in ≤ 10 s"):
 *   cd server && npx tsx src/modules/gradebook/transcripts/bench-class.ts [students=45] [rounds=3]
 * Per round: unlock the three sealed PKCS#12 keys (scrypt, once per batch as a signing session
 * would), then for each student render the transcript and apply the three signatures in sequence
 * (homeroom teacher → principal → seal, each checking the earlier ones). Prints the figures as JSON;
 * the last transcript is verified so the run cannot "pass" on broken output.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { renderTranscript } from './render.ts';
import { sampleTranscript } from './sample.ts';
import { createTestPki, sealPkcs12, signPdf, unlockSealedPkcs12Signer, verifyPdf } from '../../signing/public.ts';

const students = Number(process.argv[2] ?? 45);
const rounds = Number(process.argv[3] ?? 3);
const passphrases = { homeroomTeacher: 'bench-gvcn', principal: 'bench-ht', seal: 'bench-dau' };
const pki = await createTestPki({
  schoolName: 'Trường THCS Lê Quý Đôn',
  homeroomTeacherName: 'Nguyễn Thị Hương',
  principalName: 'Trần Văn Đức',
  passphrases,
});
const stored = {
  homeroomTeacher: await sealPkcs12(pki.homeroomTeacher.p12, passphrases.homeroomTeacher),
  principal: await sealPkcs12(pki.principal.p12, passphrases.principal),
  seal: await sealPkcs12(pki.seal.p12, passphrases.seal),
};
const trustedRoots = [pki.ca.certificate];
await renderTranscript(sampleTranscript(0)); // load fonts once, as a running server has

const results: { totalMs: number; cpuMs: number; unlockMs: number; renderMs: number; signMs: number; bytes: number }[] = [];
let last: Buffer | null = null;
for (let round = 0; round < rounds; round++) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const [homeroom, principal, seal] = await Promise.all([
    unlockSealedPkcs12Signer(stored.homeroomTeacher, passphrases.homeroomTeacher),
    unlockSealedPkcs12Signer(stored.principal, passphrases.principal),
    unlockSealedPkcs12Signer(stored.seal, passphrases.seal),
  ]);
  const unlocked = performance.now();
  let renderMs = 0;
  let signMs = 0;
  let bytes = 0;
  for (let i = 1; i <= students; i++) {
    const t0 = performance.now();
    const pdf = await renderTranscript(sampleTranscript(i));
    const t1 = performance.now();
    let signed = await signPdf(pdf, homeroom, { role: 'homeroomTeacher', trustedRoots });
    signed = await signPdf(signed, principal, { role: 'principal', trustedRoots });
    signed = await signPdf(signed, seal, { role: 'seal', trustedRoots });
    renderMs += t1 - t0;
    signMs += performance.now() - t1;
    bytes += signed.length;
    last = signed;
  }
  const cpu = process.cpuUsage(cpuStart);
  results.push({
    totalMs: Math.round(performance.now() - start),
    // CPU time of this process (user + system, scrypt's libuv threads included): what a busy, shared machine does not inflate.
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    unlockMs: Math.round(unlocked - start),
    renderMs: Math.round(renderMs),
    signMs: Math.round(signMs),
    bytes,
  });
}
const check = last ? verifyPdf(last, { trustedRoots }) : null;
if (!check?.valid || check.signatures.length !== 3) throw new Error('the last transcript does not verify');
const sorted = [...results].sort((a, b) => a.totalMs - b.totalMs);
console.log(
  JSON.stringify(
    {
      students,
      rounds,
      medianTotalMs: sorted[Math.floor(sorted.length / 2)]?.totalMs,
      medianCpuMs: [...results].sort((a, b) => a.cpuMs - b.cpuMs)[Math.floor(results.length / 2)]?.cpuMs,
      loadAverage1m: os.loadavg()[0]?.toFixed(1),
      cpus: os.cpus().length,
      targetMs: 10_000,
      rounds_detail: results,
      avgPdfBytes: Math.round((results[0]?.bytes ?? 0) / students),
    },
    null,
    2,
  ),
);
