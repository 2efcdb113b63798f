using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace DxTrack.Messaging;

public static class DatabaseFailures
{
    /// <summary>
    /// The database could not be reached or refused work for a while (a restart, too many connections): trying the
    /// same work again later can succeed, unlike a failure of the work itself.
    /// </summary>
    public static bool IsUnavailable(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case NpgsqlException { IsTransient: true }:
                case PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" }:
                case RetryLimitExceededException:
                case TimeoutException:
                case System.Net.Sockets.SocketException:
                    return true;
                case InvalidOperationException when ex.Message.Contains("transient failure", StringComparison.OrdinalIgnoreCase):
                    return true;
            }
        }
        return false;
    }
}
