/**
 * For tests: parses SVG with a real XML parser and fails on anything it reports, even a
 * warning, so a chart that some viewer would have to repair is caught here. xmldom lets
 * two faults through that the XML 1.0 spec forbids — a bare "&" not starting a reference
 * and control characters outside tab, CR and LF (§2.2, §4.1) — so those are checked first.
 */
import { DOMParser } from '@xmldom/xmldom';

export interface ParsedSvg {
  /** Text of every element with this tag name, in document order. */
  textsOf(tag: string): string[];
  /** Values of an attribute on every element with this tag name. */
  attributesOf(tag: string, attribute: string): string[];
  readonly rootName: string;
}

export function parseSvg(text: string): ParsedSvg {
  const problems: string[] = [];
  const bareAmpersand = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(text);
  if (bareAmpersand) problems.push(`error: bare "&" at offset ${bareAmpersand.index}`);
  const forbidden = [...text].findIndex((char) => {
    const code = char.codePointAt(0)!;
    return (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      code === 0xfffe ||
      code === 0xffff
    );
  });
  if (forbidden >= 0) problems.push(`error: character not allowed in XML at index ${forbidden}`);
  const document = new DOMParser({
    onError: (level, message) => {
      problems.push(`${level}: ${message}`);
    },
  }).parseFromString(text, 'image/svg+xml');
  if (problems.length > 0) throw new Error(`SVG is not well-formed:\n${problems.join('\n')}`);
  const elements = (tag: string) => Array.from(document.getElementsByTagName(tag));
  return {
    rootName: document.documentElement?.nodeName ?? '',
    textsOf: (tag) => elements(tag).map((element) => element.textContent ?? ''),
    attributesOf: (tag, attribute) =>
      elements(tag).flatMap((element) => {
        const value = element.getAttribute(attribute);
        return value === null ? [] : [value];
      }),
  };
}
