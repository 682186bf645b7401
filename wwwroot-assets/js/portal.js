// Small helpers the portal calls over JS interop.
window.suPortal = {
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
    // The server reads the browser's zone from this cookie on the next request, before any query (TenantTimeZone).
    rememberTimeZone: () => {
        try {
            const value = "su-tz=" + encodeURIComponent(window.suPortal.timeZone());
            if (!document.cookie.split("; ").includes(value)) document.cookie = value + "; path=/; max-age=31536000; samesite=lax";
            return document.cookie.split("; ").includes(value);
        } catch { return false; }
    },
    darkMode: () => { try { return localStorage.getItem("su-dark"); } catch { return null; } },
    setDarkMode: dark => { try { localStorage.setItem("su-dark", dark ? "1" : "0"); } catch { } },
    copy: text => navigator.clipboard ? navigator.clipboard.writeText(text).then(() => true, () => false) : false
};
window.suPortal.rememberTimeZone();
