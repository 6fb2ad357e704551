/**
 * `sopkit preview`'s live reload: asks the server what version of the tree it would
 * serve, and reloads the page once it differs from the version the page shows. The
 * player keeps its place across the reload (saved progress), as after any reload.
 */

const EVERY_MS = 250;

/**
 * The version the server would serve for this page now, or null when it did not answer.
 * @param {string} page the page's path
 * @returns {Promise<string | null>}
 */
async function serverVersion(page) {
  try {
    const answer = await fetch(`/__sopkit/version?page=${encodeURIComponent(page)}`, { cache: "no-store" });
    return answer.ok ? (await answer.text()).trim() : null;
  } catch {
    return null; // the server is restarting or stopped: ask again
  }
}

/** Polls until the tree changes, then reloads. */
async function watch() {
  const shown = document.documentElement.getAttribute("data-sopkit-preview");
  for (;;) {
    await new Promise((resolve) => window.setTimeout(resolve, EVERY_MS));
    const now = await serverVersion(location.pathname);
    if (now !== null && now !== shown) {
      location.reload();
      return;
    }
  }
}

watch();
