// The line syntax of rules/*.rules, shared by the loader (src/rules/load.ts) and the build tool
// that generates the RuleId type before anything is compiled (src/tools/rule-ids.ts): this
// module imports nothing, so that tool can be bundled on its own.

/** `id: lhs -> rhs [when guard(X) and ...] [@ "citation"]`; the id is optional here so that its absence can be reported. */
export const RULE_LINE = /^\s*(?:([A-Za-z0-9-]+)\s*:\s+)?(.*?)\s+->\s+(.*?)(?:\s+when\s+(.*?))?(?:\s+@\s+"([^"]*)")?\s*$/;

/** Rule ids are kebab-case. */
export const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A line without its comment. */
export const withoutComment = (line: string): string => line.replace(/#.*$/, '');

/** The ids of the rules of a file's text, in order (lines without an id or with a bad one are the loader's to report). */
export function ruleIds(text: string): string[] {
  return text.split('\n').flatMap((raw) => {
    const line = withoutComment(raw);
    const id = line.includes('->') ? RULE_LINE.exec(line)?.[1] : undefined;
    return id && ID.test(id) ? [id] : [];
  });
}
