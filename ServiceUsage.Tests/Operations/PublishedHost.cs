using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MySqlConnector;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Operations;

/// <summary>
/// The Dockerfile's build without Docker: the same <c>dotnet publish</c> command into a temporary folder, once per
/// test class, over a fresh MariaDB database reached through the seed's ENV_NAME_MYSQL_* indirection.
/// </summary>
public sealed class PublishedHostFixture : IAsyncLifetime
{
    public string PublishDirectory { get; } = Path.Combine(Path.GetTempPath(), "su-publish-" + Guid.NewGuid().ToString("N")[..8]);

    public MariaDbTestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await MariaDbTestDatabase.CreateAsync();
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../.."));
        var publish = Process.Start(new ProcessStartInfo("dotnet",
            ["publish", "ServiceUsage.Web/ServiceUsage.Web.csproj", "-c", "Release", "-o", PublishDirectory, "--nologo"])
            { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await publish.StandardOutput.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed: {output}");
    }

    public async Task DisposeAsync()
    {
        if (Database is not null) await Database.DisposeAsync();
        try { Directory.Delete(PublishDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>Starts the published app as the image's entry point does (Production, port from ASPNETCORE_HTTP_PORTS).</summary>
    public async Task<PublishedProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var cs = new MySqlConnectionStringBuilder(Database.Settings.ConnectionString);
        var start = new ProcessStartInfo("dotnet", ["ServiceUsage.Web.dll"])
        {
            WorkingDirectory = PublishDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString();
        start.Environment["ENV_NAME_MYSQL_ADDR"] = "SU_T_HOST";
        start.Environment["ENV_NAME_MYSQL_PORT"] = "SU_T_PORT";
        start.Environment["ENV_NAME_MYSQL_DATABASE"] = "SU_T_NAME";
        start.Environment["ENV_NAME_MYSQL_USER"] = "SU_T_USER";
        start.Environment["ENV_NAME_MYSQL_PASSWORD"] = "SU_T_PASSWORD";
        start.Environment["SU_T_HOST"] = cs.Server;
        start.Environment["SU_T_PORT"] = cs.Port.ToString();
        start.Environment["SU_T_NAME"] = cs.Database;
        start.Environment["SU_T_USER"] = cs.UserID;
        start.Environment["SU_T_PASSWORD"] = cs.Password;
        start.Environment["Database__ServerVersion"] = "10.11.0-mariadb";
        start.Environment["Jobs__PostpayCron"] = "0 0 1 1 *";
        start.Environment["LOG_LEVEL"] = "info";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = new PublishedProcess(Process.Start(start)!, port);
        await process.WaitReadyAsync();
        return process;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A running published host and every line it wrote to stdout.</summary>
public sealed class PublishedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    public PublishedProcess(Process process, int port)
    {
        _process = process;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true })
            { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public HttpClient Client { get; }

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public async Task WaitReadyAsync()
    {
        for (var i = 0; i < 150; i++)
        {
            if (_process.HasExited) throw new InvalidOperationException("The published host exited: " + string.Join('\n', Lines));
            try
            {
                if ((await Client.GetAsync("/healthz/live")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The published host did not answer /healthz/live: " + string.Join('\n', Lines));
    }

    /// <summary>SIGTERM, as a container runtime stops the image; the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process dies at once, as with <c>kill -9</c> or a lost node.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
