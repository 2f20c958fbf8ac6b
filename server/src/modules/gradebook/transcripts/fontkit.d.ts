/** The part of fontkit 2.0 (no published types) that the renderer uses: parse a TTF once, hand it to pdfkit. */
declare module 'fontkit' {
  export interface Font {
    postscriptName: string;
    layout(text: string, features?: unknown): unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
