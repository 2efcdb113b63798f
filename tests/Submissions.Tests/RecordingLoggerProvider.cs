using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DxTrack.Submissions.Tests;

/// <summary>Keeps log lines (with their exception) so a test can wait for something to have been tried.</summary>
sealed class RecordingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, lines);
    public void Dispose() { }

    sealed class Recorder(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (lines.Count > 20_000) lines.TryDequeue(out _);
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}");
        }
    }
}
