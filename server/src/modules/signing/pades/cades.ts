import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parsePkijsCertificate } from './certificates.ts';
import { SigningError, SigningErrorCode } from './errors.ts';
import type { PdfSigner } from './signer.ts';

/**
 * CAdES-detached CMS SignedData (ETSI EN 319 122-1 baseline B) for PAdES: signed attributes
 * content-type (id-data), signing-time, message-digest (SHA-256 of the PDF byte ranges) and ESS
 * signing-certificate-v2 (RFC 5035: SHA-256 of the signer's certificate + issuer/serial).
 */
export const Oid = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

function signingCertificateV2(certDer: Buffer): asn1js.Sequence {
  const cert = parsePkijsCertificate(certDer);
  const certHash = createHash('sha256').update(certDer).digest();
  // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256 (omitted), certHash, issuerSerial }
  const issuerSerial = new asn1js.Sequence({
    value: [
      // GeneralNames ::= SEQUENCE OF GeneralName; directoryName [4] EXPLICIT Name
      new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })] }),
      new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView.slice().buffer }),
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: ab(certHash) }), issuerSerial] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

/** Builds the DER CMS for the given SHA-256 of the signed byte ranges. */
export async function buildCadesDetached(params: { contentDigest: Buffer; signer: PdfSigner; signingTime: Date }): Promise<Buffer> {
  const [leafDer] = params.signer.certificateChain;
  if (!leafDer) throw new SigningError(SigningErrorCode.keystoreInvalid, { reason: 'signer has no certificate' });
  const leaf = parsePkijsCertificate(leafDer);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({ type: Oid.contentType, values: [new asn1js.ObjectIdentifier({ value: Oid.data })] }),
      new pkijs.Attribute({ type: Oid.signingTime, values: [new asn1js.UTCTime({ valueDate: params.signingTime })] }),
      new pkijs.Attribute({ type: Oid.messageDigest, values: [new asn1js.OctetString({ valueHex: ab(params.contentDigest) })] }),
      new pkijs.Attribute({ type: Oid.signingCertificateV2, values: [signingCertificateV2(leafDer)] }),
    ],
  });
  // The signature covers the DER of the attributes with the universal SET tag (RFC 5652 §5.4).
  const encoded = Buffer.from(signedAttrs.toSchema().toBER(false));
  encoded[0] = 0x31;
  signedAttrs.encodedValue = ab(encoded);
  let signature: Buffer;
  try {
    signature = await params.signer.sign({ data: encoded, digest: createHash('sha256').update(encoded).digest() });
  } catch (error) {
    if (error instanceof SigningError) throw error;
    throw new SigningError(SigningErrorCode.signerFailed, { reason: error instanceof Error ? error.message : String(error) });
  }
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: leaf.issuer, serialNumber: leaf.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: Oid.sha256 }),
    signedAttrs,
    signatureAlgorithm:
      params.signer.keyType === 'rsa'
        ? new pkijs.AlgorithmIdentifier({ algorithmId: Oid.sha256WithRsa, algorithmParams: new asn1js.Null() })
        : new pkijs.AlgorithmIdentifier({ algorithmId: Oid.ecdsaWithSha256 }),
    signature: new asn1js.OctetString({ valueHex: ab(signature) }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: Oid.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: Oid.data }),
    certificates: params.signer.certificateChain.map((der) => parsePkijsCertificate(der)),
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: Oid.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}
