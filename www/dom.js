// The pages' one DOM helper: an element with its attributes and children, text set as text
// (never as HTML).

/** `tag` with `props` as attributes (`class` as the class name, `text` as its text) and `children` appended. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}
