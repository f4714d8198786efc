// The daily digest: one line per notice gathered that day ({{lines}} is built by render.ts).
export const DIGEST_SUBJECT = '[keygate] your daily digest: {{count}} notices';

export const DIGEST_TEXT = `Hello {{recipientName}},

What happened since your last digest:

{{lines}}
Change what you receive at {{preferencesLink}}.
`;

export const DIGEST_HTML = `<!doctype html>
<html><body>
<p>Hello {{recipientName}},</p>
<p>What happened since your last digest:</p>
<ul>
{{lines}}</ul>
<p style="color:#666"><a href="{{preferencesLink}}">Change what you receive</a>.</p>
</body></html>
`;
