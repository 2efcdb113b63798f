using System.Runtime.Versioning;

// The drills run the operating system's PostgreSQL, RabbitMQ and Redis packages and send POSIX signals.
[assembly: SupportedOSPlatform("linux")]
