// Satchel's pages work without this file; it only saves typing.
// A file input with data-fills="ID" reads the chosen file into the text box ID (and its
// name into the field data-names names), so a file goes through the same form as text
// pasted into the box: a roster exported as CSV, a lesson, a quiz.
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[type=file][data-fills]")) {
    input.addEventListener("change", async () => {
      const file = input.files && input.files[0];
      if (!file) return;
      document.getElementById(input.dataset.fills).value = await file.text();
      if (input.dataset.names) document.getElementById(input.dataset.names).value = file.name;
    });
  }
});
