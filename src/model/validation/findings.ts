// What validation reports, in editor terms but without the editor: zero-based positions, severities and
// optional fixes as text edits.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export type Severity = 'error' | 'warning' | 'information';

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  range: Range;
  severity: Severity;
  message: string;
  /** Stable id of the check, e.g. `unknown-field`, `run-strategy`. */
  code: string;
  fix?: Fix;
}
