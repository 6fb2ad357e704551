/** The Map view: which box of a tree's flowchart is the step on screen. */

export const CURRENT = "sopkit-map__node--current";

/**
 * The id of a step's box in the flowchart (render/flowchart.py writes the same).
 * @param {string} treeId @param {string} nodeId @returns {string}
 */
export function boxId(treeId, nodeId) {
  return "sopkit-map--" + treeId + "--" + nodeId;
}

/**
 * Marks the box of `nodeId` in the tree's map as the current step (a class, and
 * `aria-current="step"` on its group), and unmarks the box marked before.
 * @param {HTMLElement} root the tree's `section.sopkit-tree`
 * @param {string} nodeId the id of the step on screen
 * @returns {Element | null} the marked box; null when the tree has no map or no such box
 */
export function markCurrent(root, nodeId) {
  const chart = root.querySelector("svg.sopkit-flowchart");
  if (!chart) return null;
  for (const marked of chart.querySelectorAll("." + CURRENT)) {
    marked.classList.remove(CURRENT);
    marked.removeAttribute("aria-current");
  }
  const id = boxId(root.getAttribute("data-sopkit-tree") || "", nodeId);
  // Ids are compared, not put in a selector: a node id may hold any character.
  const box = Array.from(chart.querySelectorAll("g.sopkit-map__node")).find((g) => g.id === id);
  if (!box) return null;
  box.classList.add(CURRENT);
  box.setAttribute("aria-current", "step");
  return box;
}
