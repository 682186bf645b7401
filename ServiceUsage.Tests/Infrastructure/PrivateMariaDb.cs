using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ServiceUsage.Tests.Infrastructure;

/// <summary>A MariaDB server of one test's own (datadir, socket, port), which that test may stop and start.</summary>
public sealed class PrivateMariaDb : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "su-mariadb-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _server;

    public int Port { get; } = FreePort();

    public string Socket => Path.Combine(_dir, "mysql.sock");

    public string ConnectionString(string database) =>
        $"Server=127.0.0.1;Port={Port};User ID=root_tcp;Password=private;Database={database};Connection Timeout=3;Default Command Timeout=10";

    public static async Task<PrivateMariaDb> StartAsync()
    {
        var db = new PrivateMariaDb();
        Directory.CreateDirectory(db._dir);
        await RunAsync("mariadb-install-db", $"--user=root --datadir={db._dir}/data --auth-root-authentication-method=socket --skip-test-db");
        await db.StartServerAsync();
        await RunAsync("mariadb", $"--socket={db.Socket} -uroot -e \"CREATE USER 'root_tcp'@'127.0.0.1' IDENTIFIED BY 'private'; GRANT ALL ON *.* TO 'root_tcp'@'127.0.0.1'; CREATE USER 'root_tcp'@'localhost' IDENTIFIED BY 'private'; GRANT ALL ON *.* TO 'root_tcp'@'localhost';\"");
        return db;
    }

    public async Task StartServerAsync()
    {
        _server = Process.Start(new ProcessStartInfo("mariadbd",
            $"--no-defaults --user=root --datadir={_dir}/data --socket={Socket} --pid-file={_dir}/pid --port={Port} " +
            $"--bind-address=127.0.0.1 --character-set-server=utf8mb4 --log-error={_dir}/error.log")
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, Port);
                if (File.Exists(Socket)) return;
            }
            catch (SocketException)
            {
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"mariadbd did not start: {await File.ReadAllTextAsync($"{_dir}/error.log")}");
    }

    public async Task StopServerAsync()
    {
        await RunAsync("mariadb-admin", $"--socket={Socket} -uroot --connect-timeout=2 shutdown");
        if (_server is not null) await _server.WaitForExitAsync();
        _server = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await StopServerAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", $"{file} {arguments}"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
