// Small helpers the portal calls over JS interop.
window.suPortal = {
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"
};
