using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ServiceUsage.Tests.Api;

/// <summary>The served OpenAPI document passes <c>@redocly/cli lint</c> (installed by test.sh under .ci/openapi) with 0 errors.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiLintTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task Redocly_lint_finds_no_error_in_the_document()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../.."));
        var cli = Path.Combine(root, ".ci/openapi/node_modules/@redocly/cli/bin/cli.js");
        Assert.True(File.Exists(cli), $"{cli} is missing: ./test.sh installs it (npm ci --prefix .ci/openapi).");
        var document = Path.Combine(Path.GetTempPath(), $"serviceusage-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, fixture.Contract.Document.ToJsonString());
        try
        {
            var start = new ProcessStartInfo("node", [cli, "lint", document, "--format=json"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.Combine(root, ".ci/openapi"),
            };
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var lint = Process.Start(start)!;
            var output = lint.StandardOutput.ReadToEndAsync();
            var errors = lint.StandardError.ReadToEndAsync();
            await lint.WaitForExitAsync();
            var report = JsonNode.Parse(await output)!;
            var problems = report["problems"]!.AsArray();
            var found = problems.Where(p => (string?)p!["severity"] == "error").Select(p => $"{p!["ruleId"]}: {p["message"]}").ToList();
            Assert.True(found.Count == 0, $"lint errors:\n{string.Join("\n", found)}\n{await errors}");
        }
        finally
        {
            File.Delete(document);
        }
    }
}
