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

// A section with data-live="URL" listens to the server's events at URL; each "changed"
// event fetches this page again and swaps in the section's new copy, so work that
// students sync appears without a reload. The events name no student: the page itself
// is fetched with the same checks as any page.
document.addEventListener("DOMContentLoaded", () => {
  const section = document.querySelector("[data-live]");
  if (!section || !window.EventSource) return;
  const id = section.id;
  const events = new EventSource(section.dataset.live);
  let fetching = false;
  let again = false;
  events.addEventListener("changed", async function refresh() {
    if (fetching) { again = true; return; }
    fetching = true;
    try {
      const answer = await fetch(location.href, { credentials: "same-origin", cache: "no-store" });
      if (answer.redirected || !answer.ok) { events.close(); return; }
      const page = new DOMParser().parseFromString(await answer.text(), "text/html");
      const fresh = page.getElementById(id);
      const current = document.getElementById(id);
      if (fresh && current) {
        current.replaceWith(document.adoptNode(fresh));
        const status = document.getElementById("live-status");
        if (status) status.textContent = "Updated " + new Date().toLocaleTimeString() + " with the latest work.";
      }
    } finally {
      fetching = false;
      if (again) { again = false; refresh(); }
    }
  });
});
