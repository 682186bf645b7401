using System.Net;
using ServiceUsage.Domain.Webhooks;

namespace ServiceUsage.Tests.Webhooks;

public sealed class WebhookTargetTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.100.100.200")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]
    public void Loopback_private_link_local_and_metadata_addresses_are_not_public(string address) =>
        Assert.False(WebhookTargets.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_public(string address) => Assert.True(WebhookTargets.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://hooks.public.test/x", false)]
    [InlineData("ftp://hooks.public.test/x", true)]
    [InlineData("https://user:pw@hooks.public.test/x", false)]
    [InlineData("https://hooks.public.test/x#frag", false)]
    [InlineData("/relative", false)]
    [InlineData("", false)]
    public void Urls_that_are_not_https_absolute_and_plain_are_refused(string url, bool trusted) =>
        Assert.Equal(WebhookError.Invalid, Assert.Throws<WebhookException>(() => WebhookTargets.ParseUrl(url, trusted)).Error);

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://loopback.test/hook")]
    [InlineData("https://ten.test/hook")]
    [InlineData("https://metadata.test/hook")]
    [InlineData("https://v6loopback.test/hook")]
    [InlineData("https://mixed.test/hook")]
    [InlineData("https://nowhere.test/hook")]
    public async Task A_url_whose_host_resolves_to_any_address_that_is_not_public_is_refused(string url)
    {
        var refused = await Assert.ThrowsAsync<WebhookException>(() => WebhookTargets.CheckAddressesAsync(new Uri(url), new FakeWebhookDns()));
        Assert.Equal(WebhookError.UnsafeTarget, refused.Error);
    }

    [Fact]
    public async Task A_url_whose_host_resolves_to_public_addresses_only_is_accepted() =>
        await WebhookTargets.CheckAddressesAsync(new Uri("https://hooks.public.test/x"), new FakeWebhookDns());
}
