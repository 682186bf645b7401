using Microsoft.AspNetCore.DataProtection;

namespace ServiceUsage.Domain.Webhooks;

/// <summary>Keeps signing secrets protected at rest with the deployment's Data Protection key ring (shared by replicas in the database).</summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("ServiceUsage.Webhooks.Secret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string stored) => _protector.Unprotect(stored);
}
