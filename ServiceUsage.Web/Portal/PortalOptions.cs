namespace ServiceUsage.Web.Portal;

/// <summary>Portal settings (section "Portal").</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Whether the sign-in page offers self-registration as a tenant.</summary>
    public bool AllowRegistration { get; set; }
}
