// Which context-menu entries of package.json a row gets: the `a && b && viewItem =~ /re/ && !key` clauses the
// tree menus use, read for one view and one row's context value.
export interface MenuEntry {
  command: string;
  when: string;
  group?: string;
}

/** True when `when` offers the entry in `view` for a row whose context value is `item`; `keys` are the other context keys. */
export function shownIn(view: string, when: string, item: string, keys: Record<string, boolean>): boolean {
  return when.split(/\s*&&\s*/).every((clause) => {
    const viewClause = /^view == ([\w.]+)$/.exec(clause);
    if (viewClause) return viewClause[1] === view;
    const regex = /^viewItem =~ \/(.*)\/$/.exec(clause);
    if (regex) return new RegExp(regex[1]).test(item);
    const key = /^(!?)([\w.]+)$/.exec(clause);
    if (key && key[2] in keys) return keys[key[2]] !== (key[1] === '!');
    throw new Error(`a when clause this test cannot read: ${clause}`);
  });
}
