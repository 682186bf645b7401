using System.Text;
using Microsoft.AspNetCore.Http;
using ServiceUsage.Domain.Webhooks;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace ServiceUsage.Tests.Webhooks;

/// <summary>Our signer against the StandardWebhooks package's verifier (an independent implementation of the spec).</summary>
public sealed class WebhookSignatureTests
{
    [Fact]
    public void A_signature_verifies_with_the_package_and_fails_for_another_secret_or_a_changed_body()
    {
        var secret = WebhookSignature.NewSecret();
        Assert.StartsWith("whsec_", secret);
        var body = """{"id":"evt_1","type":"order.created","data":{"amount":"1.2000","name":"Zoë 😀"}}""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = WebhookSignature.Sign(WebhookSignature.Key(secret), "evt_1", timestamp, Encoding.UTF8.GetBytes(body));
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = "evt_1", ["webhook-timestamp"] = timestamp.ToString(), ["webhook-signature"] = signature,
        };

        new StandardWebhook(secret).Verify(body, headers);
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(WebhookSignature.NewSecret()).Verify(body, headers));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(secret).Verify(body.Replace("1.2000", "9.2000"), headers));
    }

    [Fact]
    public void The_signature_matches_the_package_signer_byte_for_byte()
    {
        var secret = WebhookSignature.NewSecret();
        var at = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600);
        var ours = WebhookSignature.Sign(WebhookSignature.Key(secret), "msg_2", at.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes("{\"a\":\"é\"}"));
        Assert.Equal(new StandardWebhook(secret).Sign("msg_2", at, "{\"a\":\"é\"}"), ours);
    }
}
