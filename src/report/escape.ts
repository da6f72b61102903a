/** JSON inside `<script type="application/json">`: no `</script>` or comment opener can end it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
