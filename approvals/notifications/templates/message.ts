// The message every notice is rendered from: {{name}} placeholders, filled by render.ts (HTML
// values escaped). Keep to the fields render.ts supplies: the request id, its title, what
// happened, what awaits the reader, and the link. No free text of the request goes in.
export const MESSAGE_SUBJECT = '[keygate] {{subjectLead}}{{summary}}';

export const MESSAGE_TEXT = `Hello {{recipientName}},

{{lead}}{{summary}}.

What awaits you: {{awaits}}

Open it: {{link}}

Log entry {{logIndex}}. You receive this as {{why}}; change what you receive at {{preferencesLink}}.
`;

export const MESSAGE_HTML = `<!doctype html>
<html><body>
<p>Hello {{recipientName}},</p>
<p>{{lead}}<strong>{{summary}}</strong>.</p>
<p>What awaits you: {{awaits}}</p>
<p><a href="{{link}}">Open it in keygate</a></p>
<p style="color:#666">Log entry {{logIndex}}. You receive this as {{why}}; <a href="{{preferencesLink}}">change what you receive</a>.</p>
</body></html>
`;
