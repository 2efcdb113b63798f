using Microsoft.Extensions.Logging;

namespace DxTrack.Notifications.Tests.Support;

/// <summary>Writes the host's warnings and errors to a file named by DXTRACK_TEST_LOG, for diagnosing a failed run.</summary>
public sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    static readonly Lock Gate = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(path, categoryName);

    public void Dispose() { }

    sealed class FileLogger(string path, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            lock (Gate) File.AppendAllText(path, $"{DateTime.UtcNow:O} {logLevel} {category}: {formatter(state, exception)}\n{exception}\n");
        }
    }
}
