using Hangfire.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace ServiceUsage.Web.Jobs;

/// <summary>
/// Hangfire's log provider is one per process; the last host to start sets it. When that host's logger factory
/// is disposed while another host still runs (test hosts, a restart in-process), Hangfire must not crash the
/// surviving host's jobs by logging into it: a log line is dropped instead.
/// </summary>
public sealed class HangfireLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name) => new HostLog(factory, name);

    private sealed class HostLog(ILoggerFactory factory, string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string> messageFunc, Exception exception)
        {
            try
            {
                var logger = factory.CreateLogger(name);
                var level = Map(logLevel);
                if (messageFunc is null) return logger.IsEnabled(level);
                if (!logger.IsEnabled(level)) return false;
                logger.Log(level, exception, "{HangfireMessage}", messageFunc());
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        private static LogLevel Map(HangfireLevel level) => level switch
        {
            HangfireLevel.Trace => LogLevel.Trace,
            HangfireLevel.Debug => LogLevel.Debug,
            HangfireLevel.Info => LogLevel.Information,
            HangfireLevel.Warn => LogLevel.Warning,
            HangfireLevel.Error => LogLevel.Error,
            _ => LogLevel.Critical,
        };
    }
}
