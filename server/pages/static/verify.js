// The verify page: a checkpoint file the auditor saved is read in the browser into the form's
// text field (nothing is uploaded; the form posts the text, as when it is pasted).
const picker = document.getElementById('checkpoint-file');
const field = document.getElementById('checkpoint');
if (picker !== null && field !== null) {
  picker.addEventListener('change', () => {
    const file = picker.files?.[0];
    if (file === undefined) return;
    // A signed note is a few hundred bytes; anything much larger is not a checkpoint.
    if (file.size > 64 * 1024) {
      picker.setCustomValidity('This file is too large to be a checkpoint.');
      picker.reportValidity();
      return;
    }
    picker.setCustomValidity('');
    file.text().then((text) => {
      field.value = text;
    }, () => undefined);
  });
}
