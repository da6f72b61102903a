/**
 * The `html` tag that every page of the package is written with: what it
 * escapes, what it lets through (only markup it built), the places it
 * refuses, and the embeddings for scripts, styles and JSON data.
 */
import { describe, expect, it } from 'vitest';
import {
  html,
  inlineTrustedScript,
  inlineTrustedStyle,
  isSafeHtml,
  jsonScript,
  type SafeHtml,
} from '../src/html/safe-html.js';

const HOSTILE = `</p><script>alert(1)</script><img src=x onerror="alert(2)"> & 'quoted' "double"`;

describe('html', () => {
  it('escapes every interpolated string and number, in text and in attribute values', () => {
    const page = html`<p title="${HOSTILE}">${HOSTILE} ${42}</p>`;
    const escaped =
      "&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt; &amp; 'quoted' &quot;double&quot;";
    expect(String(page)).toBe(`<p title="${escaped}">${escaped} 42</p>`);
    expect(isSafeHtml(page)).toBe(true);
  });

  it('passes markup built by html unescaped, nested and in lists', () => {
    const item = (name: string) => html`<li>${name}</li>`;
    const list = html`<ul>${['a<b', 'c&d'].map(item)}</ul>`;
    expect(String(list)).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul>');
    expect(String(html`<div>${list}</div>`)).toBe(`<div>${list}</div>`);
  });

  it('only its own markup passes raw: a look-alike object or a cast string is refused', () => {
    // A string that claims to be markup, through a cast, is not.
    const forged = '<b>bold</b>' as unknown as SafeHtml;
    expect(String(html`<p>${forged}</p>`)).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>');
    const lookalike = { toString: () => '<b>bold</b>' } as unknown as SafeHtml;
    expect(isSafeHtml(lookalike)).toBe(false);
    expect(() => html`<p>${lookalike}</p>`).toThrow(/cannot interpolate object/);
    for (const value of [undefined, null, true]) {
      expect(() => html`<p>${value as unknown as string}</p>`).toThrow(/cannot interpolate/);
    }
  });

  it('refuses places where escaping does not make a value safe', () => {
    const value = 'x';
    expect(() => html`<script>var a = "${value}";</script>`).toThrow(/inside <script>/);
    expect(() => html`<style>p { color: ${value} }</style>`).toThrow(/inside <script> or <style>/);
    expect(() => html`<p title=${value}>`).toThrow(/quoted attribute value/);
    expect(() => html`<p title='${value}'>`).toThrow(/quoted attribute value/);
    expect(() => html`<p ${value}>`).toThrow(/quoted attribute value/);
    expect(() => html`<p onclick="go('${value}')">`).toThrow(/event handler or style/);
    expect(() => html`<p style="color: ${value}">`).toThrow(/event handler or style/);
    // After the element closes, or in an ordinary attribute, it is fine.
    expect(String(html`<script></script><p class="a ${value}">${value}</p>`)).toBe(
      '<script></script><p class="a x">x</p>',
    );
  });
});

describe('embeddings', () => {
  it('jsonScript: no string in the data can end the element, open a comment or break JavaScript', () => {
    const data = { text: '</script><!-- <script>alert(1)</script> & \u2028\u2029 -->' };
    const element = String(jsonScript('data', data));
    const body = element.slice(element.indexOf('>') + 1, element.lastIndexOf('</script>'));
    expect(body).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(body)).toEqual(data);
    expect(element.startsWith('<script type="application/json" id="data">')).toBe(true);
  });

  it('inlined scripts and styles go in as they are, but never one that would end early', () => {
    expect(String(inlineTrustedScript('if (a < b) f();'))).toBe('<script>if (a < b) f();</script>');
    expect(String(inlineTrustedStyle('p > a { color: red }'))).toBe(
      '<style>p > a { color: red }</style>',
    );
    expect(() => inlineTrustedScript('s = "</SCRIPT>"')).toThrow(/end it early/);
    expect(() => inlineTrustedScript('x = "<!--"')).toThrow(/end it early/);
    expect(() => inlineTrustedStyle('p{}</style><b>')).toThrow(/end it early/);
  });
});
