using DxTrack.Notifications.Reminders;

namespace DxTrack.Notifications.Tests.Support;

/// <summary>The default policy (with two holidays), for tests of the pure planning rules.</summary>
public static class Policy
{
    public static ReminderPolicyOptions Default() => new() { Holidays = [new DateOnly(2027, 4, 30), new DateOnly(2027, 5, 1)] };

    public static ReminderClock Clock(ReminderPolicyOptions? options = null) => new(options ?? Default());

    public static ReminderPlanner Planner(ReminderPolicyOptions? options = null) =>
        new(Clock(options), NotificationsHost.SecretariatEmail);

    public static readonly ContactAddress Staff = new("Nguyễn Văn A", "canbo@so.example.vn", "+84901234567", false, false, "vi");
    public static readonly ContactAddress Head = new("Trần Thị B", "giamdoc@so.example.vn", "+84909999999", true, false, "vi");

    public static DateTimeOffset Hanoi(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(7));
}
