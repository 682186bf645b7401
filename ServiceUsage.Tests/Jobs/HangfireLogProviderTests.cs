using Microsoft.Extensions.Logging;
using ServiceUsage.Web.Jobs;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace ServiceUsage.Tests.Jobs;

/// <summary>Hangfire's process-wide log provider outlives the host that set it without crashing other hosts.</summary>
public sealed class HangfireLogProviderTests
{
    [Fact]
    public void Lines_reach_the_host_log_and_after_the_host_is_disposed_they_are_dropped_instead_of_throwing()
    {
        var lines = new List<string>();
        var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new ListProvider(lines)));
        var log = new HangfireLogProvider(factory).GetLogger("Hangfire.Test");

        Assert.True(log.Log(HangfireLevel.Info, () => "before", null!));
        Assert.Equal(["Information Hangfire.Test: before"], lines);

        factory.Dispose();
        Assert.False(log.Log(HangfireLevel.Error, () => "after", new InvalidOperationException("boom")));
        Assert.Single(lines);
    }

    private sealed class ListProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(List<string> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Add($"{logLevel} {category}: {formatter(state, exception)}");
    }
}
