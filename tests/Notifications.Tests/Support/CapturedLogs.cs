using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DxTrack.Notifications.Tests.Support;

/// <summary>Keeps a host's warnings and errors in memory, for tests of what operators are told.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyCollection<(string Category, LogLevel Level, string Message)> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) logs._entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
