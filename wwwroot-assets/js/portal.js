// Small helpers the portal calls over JS interop.
window.suPortal = {
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
    darkMode: () => { try { return localStorage.getItem("su-dark"); } catch { return null; } },
    setDarkMode: dark => { try { localStorage.setItem("su-dark", dark ? "1" : "0"); } catch { } }
};
