using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ServiceUsage.Domain.Data;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Browser;

/// <summary>Every browser test class shares one host and one Chromium, one class after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserHostFixture>
{
    public const string Name = "browser";
}

/// <summary>
/// The real host on a loopback port (Kestrel) over a private MariaDB database, and the system Chromium driven by
/// Playwright (never a downloaded browser).
/// </summary>
public sealed class BrowserHostFixture : IAsyncLifetime
{
    public ServiceUsageWebFactory Host { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    private IPlaywright? _playwright;

    public static string Artifacts
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ServiceUsage.sln"))) dir = dir.Parent;
            var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "ServiceUsage.Tests", "artifacts");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.MySql);
        Host = new BrowserWebFactory(database);
        Host.UseKestrel(0);
        Host.StartServer();
        var addresses = Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1").TrimEnd('/') + "/";
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    /// <summary>Outside Development the host serves static web assets (MudBlazor's css/js) only with their manifest loaded.</summary>
    private sealed class BrowserWebFactory(TestDatabase database) : ServiceUsageWebFactory(database)
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            Microsoft.AspNetCore.Hosting.WebHostBuilderExtensions.UseStaticWebAssets(builder);
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Host is null) return;
        await Host.DisposeAsync();
        await Host.Database.DisposeAsync();
    }
}
