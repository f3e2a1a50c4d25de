// Live counts: /api/counts every few seconds, written into the header without reloading the page.
"use strict";
(function () {
  const live = document.getElementById("live");
  if (!live) return;
  const every = 3000;
  async function refresh() {
    try {
      const response = await fetch(live.dataset.src, { cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      const counts = await response.json();
      for (const cell of live.querySelectorAll("[data-count]")) {
        const value = counts[cell.dataset.count];
        cell.textContent = value === null || value === undefined ? "?" : Number(value).toLocaleString("en");
        if (cell.dataset.count === "lag") cell.title = counts.lag_error || "records not yet committed";
      }
      live.classList.remove("stale");
      live.dataset.updated = new Date().toISOString();
    } catch (error) {
      live.classList.add("stale");
    }
    setTimeout(refresh, every);
  }
  refresh();
})();
