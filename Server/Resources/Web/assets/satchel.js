// Satchel's pages work without this file; it only saves typing.
// A file input with data-fills="ID" reads the chosen file into the text box ID, so a
// roster exported as CSV goes through the same form as a pasted list.
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[type=file][data-fills]")) {
    input.addEventListener("change", async () => {
      const file = input.files && input.files[0];
      if (file) document.getElementById(input.dataset.fills).value = await file.text();
    });
  }
});
