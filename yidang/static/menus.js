// The header's drop-down menus (<details>): one open at a time; a click elsewhere or Escape closes them.
(function () {
  const open = () => document.querySelectorAll("header details.navgroup[open], header details.menu[open]");
  document.addEventListener("click", (event) => {
    open().forEach((menu) => { if (!menu.contains(event.target)) menu.open = false; });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") open().forEach((menu) => { menu.open = false; });
  });
})();
