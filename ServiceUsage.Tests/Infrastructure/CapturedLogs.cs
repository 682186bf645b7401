using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ServiceUsage.Tests.Infrastructure;

/// <summary>A logger provider that keeps every entry (category, event id, level, message) for assertions.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, EventId Event, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(string Category, EventId Event, LogLevel Level, string Message)> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((category, eventId, logLevel, formatter(state, exception)));
    }
}
