// Demo pages: show the role-selected event and the submitted form value (no inline script: strict CSP).
for (const form of document.querySelectorAll('form[data-demo]')) {
  const out = document.getElementById(form.dataset.demo);
  form.addEventListener('role-selected', (e) => {
    out.textContent = JSON.stringify(e.detail, null, 2);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    out.textContent = `FormData: ${JSON.stringify(data, null, 2)}`;
  });
}
