// The question bank admin (Django's own): a tabular inline wider than the screen scrolls
// sideways inside its wrapper; when it does, a keyboard user can reach and scroll it, and
// a screen reader names it after its inline's heading (axe-core's
// scrollable-region-focusable).
document.addEventListener("DOMContentLoaded", () => {
  for (const wrapper of document.querySelectorAll(".inline-related.tabular div.wrapper")) {
    if (wrapper.scrollWidth <= wrapper.clientWidth) continue;
    const heading = wrapper.closest(".inline-group")?.querySelector("h2");
    wrapper.tabIndex = 0;
    wrapper.setAttribute("role", "region");
    wrapper.setAttribute("aria-label", (heading?.textContent || "").trim() || "Table");
  }
});
