using System.Text.Json;

namespace ServiceUsage.Tests.Infrastructure;

/// <summary>
/// Figures a reliability test measured (never asserted on time), written to ServiceUsage.Tests/artifacts/reliability
/// for docs/reliability.md.
/// </summary>
public static class ReliabilityFigures
{
    public static void Record(string scenario, object figures)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ServiceUsage.sln"))) dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "ServiceUsage.Tests", "artifacts", "reliability");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, scenario + ".json"),
            JsonSerializer.Serialize(new { scenario, at = DateTime.UtcNow, figures }, new JsonSerializerOptions { WriteIndented = true }));
    }
}
