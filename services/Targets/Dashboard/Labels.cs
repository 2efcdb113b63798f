using DxTrack.Contracts;
using DxTrack.Targets.Indicators;
using DxTrack.Targets.Obligations;

namespace DxTrack.Targets.Dashboard;

/// <summary>The Vietnamese words the exports (and the page) use for the dashboard's codes.</summary>
public static class Labels
{
    public static string Of(IndicatorStatus status) => status switch
    {
        IndicatorStatus.OnTrack => "Đúng tiến độ",
        IndicatorStatus.AtRisk => "Có nguy cơ chậm",
        IndicatorStatus.OffTrack => "Chậm tiến độ",
        _ => "Chưa có số liệu",
    };

    public static string Of(Measure measure) => measure switch
    {
        Measure.Ratio => "Tỷ lệ (%)",
        Measure.Percent => "Phần trăm (%)",
        Measure.Count => "Số lượng",
        _ => "Mốc hoàn thành",
    };

    public static string Of(Direction direction) => direction == Direction.Increase ? "Tăng" : "Giảm";

    public static string Of(AgencyKind kind) => kind switch
    {
        AgencyKind.Committee => "Ban Chỉ đạo",
        AgencyKind.Department => "Sở, ban, ngành",
        AgencyKind.Sector => "Cơ quan ngành dọc",
        AgencyKind.District => "Cấp huyện",
        _ => "Cấp xã",
    };

    public static string Of(ObligationStatus status) => status switch
    {
        ObligationStatus.Open => "Chưa nộp",
        ObligationStatus.Fulfilled => "Đã nộp",
        _ => "Đã hủy",
    };

    public static string Of(ObligationSubject subject) => subject switch
    {
        ObligationSubject.Indicator => "Chỉ tiêu",
        ObligationSubject.Task => "Nhiệm vụ",
        _ => "Góp ý dự thảo",
    };

    public static string Task(string status) => status switch
    {
        nameof(TaskProgressStatus.NotStarted) => "Chưa triển khai",
        nameof(TaskProgressStatus.InProgress) => "Đang triển khai",
        nameof(TaskProgressStatus.Completed) => "Hoàn thành",
        nameof(TaskProgressStatus.Blocked) => "Vướng mắc",
        _ => "Chưa có báo cáo",
    };

    public static string Pillar(string code) => code switch
    {
        "CQS" => "Chính quyền số",
        "KTS" => "Kinh tế số",
        "XHS" => "Xã hội số",
        _ => code,
    };
}
