using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DxTrack.Targets.Scheduling;

namespace DxTrack.Targets.Dashboard;

/// <summary>
/// The overview and the drill-downs as tables, written as CSV (UTF-8 with a byte-order mark, so Excel keeps the
/// diacritics) or XLSX (one worksheet per table). Headings and labels are Vietnamese.
/// </summary>
public static class DashboardExports
{
    public const string Csv = "csv", Xlsx = "xlsx";
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    static string? Local(DateTimeOffset? instant) => instant is { } i
        ? TimeZoneInfo.ConvertTime(i, DueInstant.Zone).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)
        : null;

    static string YesNo(bool? b) => b switch { true => "Có", false => "Không", null => "" };

    public static IReadOnlyList<ExportSheet> Overview(DashboardOverview o)
    {
        var indicators = new ExportSheet("Chỉ tiêu",
            ["Trụ cột", "Kế hoạch", "Mã chỉ tiêu", "Tên chỉ tiêu", "Loại số liệu", "Chiều", "Giá trị cơ sở", "Mục tiêu", "Hạn mục tiêu",
             "Kỳ gần nhất", "Giá trị gần nhất", "Giá trị kỳ vọng hôm nay", "Trạng thái", "Số đơn vị đã báo cáo", "Số đơn vị phải báo cáo",
             "Tỷ lệ đơn vị đã báo cáo"],
            o.Pillars.SelectMany(p => p.Indicators.Select(i => new object?[]
            {
                p.Name, i.PlanCode, i.Code, i.Name, Labels.Of(i.Measure), Labels.Of(i.Direction), i.Baseline, i.TargetValue,
                Date(i.TargetDate), i.LatestPeriod, i.LatestValue, i.ExpectedToday, Labels.Of(i.Status), i.Reported, i.Expected,
                i.ReportingShare,
            })).ToList());
        var trend = new ExportSheet("Xu hướng",
            ["Mã chỉ tiêu", "Kế hoạch", "Kỳ", "Ngày cuối kỳ", "Giá trị tỉnh", "Giá trị kỳ vọng", "Số đơn vị đã báo cáo", "Số đơn vị phải báo cáo"],
            o.Pillars.SelectMany(p => p.Indicators).SelectMany(i => i.Trend.Select(t => new object?[]
            {
                i.Code, i.PlanCode, t.Period, Date(t.PeriodEnd), t.Value, t.Expected, t.Reported, t.ExpectedReports,
            })).ToList());
        var summary = new ExportSheet("Tổng hợp", ["Nội dung", "Giá trị"],
        [
            ["Ngày tổng hợp", Date(o.Today)],
            ["Ngưỡng đúng tiến độ (tỷ lệ tiến độ kế hoạch)", o.Thresholds.OnTrackFrom],
            ["Ngưỡng có nguy cơ chậm (tỷ lệ tiến độ kế hoạch)", o.Thresholds.AtRiskFrom],
            ["Số đơn vị có báo cáo đến hạn", o.Reporting.AgenciesOwing],
            ["Số đơn vị đã báo cáo đầy đủ", o.Reporting.AgenciesUpToDate],
            ["Tỷ lệ đơn vị đã báo cáo đầy đủ", o.Reporting.Share],
            ["Số báo cáo đến hạn", o.Reporting.ReportsDue],
            ["Số báo cáo đã nộp", o.Reporting.ReportsFulfilled],
            ["Tổng số nhiệm vụ", o.Tasks.Total],
            .. o.Tasks.ByStatus.Select(s => new object?[] { "Nhiệm vụ: " + Labels.Task(s.Status), s.Count }),
            ["Nhiệm vụ quá hạn", o.Tasks.Overdue.Count],
        ]);
        var overdue = new ExportSheet("Nhiệm vụ quá hạn",
            ["Mã nhiệm vụ", "Tên nhiệm vụ", "Trụ cột", "Đơn vị chủ trì", "Hạn hoàn thành", "Số ngày quá hạn", "Trạng thái", "Tiến độ (%)", "Cấp thiết"],
            o.Tasks.Overdue.Select(t => new object?[]
            {
                t.Code, t.Title, Labels.Pillar(t.PillarCode), t.OwnerName, Date(t.DueDate), t.DaysOverdue, Labels.Task(t.Status),
                t.PercentComplete, YesNo(t.Urgent),
            }).ToList());
        return [summary, indicators, trend, overdue, Ranking(o.Agencies)];
    }

    static ExportSheet Ranking(IReadOnlyList<AgencyRank> agencies) => new("Xếp hạng đơn vị",
        ["Hạng", "Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Số báo cáo đến hạn", "Đã nộp", "Nộp đúng hạn", "Còn phải nộp", "Quá hạn",
         "Tỷ lệ đầy đủ", "Tỷ lệ đúng hạn"],
        agencies.Select(a => new object?[]
        {
            a.Rank, a.AgencyCode, a.Name, Labels.Of(a.Kind), a.FellDue, a.Fulfilled, a.FulfilledOnTime, a.Outstanding, a.Overdue,
            a.Completeness, a.Timeliness,
        }).ToList());

    public static IReadOnlyList<ExportSheet> Indicator(IndicatorDrillDown d)
    {
        var i = d.Indicator;
        var about = new ExportSheet("Chỉ tiêu", ["Nội dung", "Giá trị"],
        [
            ["Mã chỉ tiêu", i.Code], ["Tên chỉ tiêu", i.Name], ["Kế hoạch", i.PlanCode], ["Trụ cột", Labels.Pillar(i.PillarCode)],
            ["Loại số liệu", Labels.Of(i.Measure)], ["Tử số", d.NumeratorLabel], ["Mẫu số", d.DenominatorLabel],
            ["Giá trị cơ sở", i.Baseline], ["Mục tiêu", i.TargetValue], ["Hạn mục tiêu", Date(i.TargetDate)],
            ["Kỳ gần nhất", i.LatestPeriod], ["Giá trị gần nhất", i.LatestValue], ["Giá trị kỳ vọng hôm nay", i.ExpectedToday],
            ["Trạng thái", Labels.Of(i.Status)], ["Đơn vị chủ trì", d.LeadAgencyCode],
        ]);
        var series = new ExportSheet("Chuỗi theo kỳ",
            ["Kỳ", "Ngày cuối kỳ", "Giá trị tỉnh", "Giá trị kỳ vọng", "Số đơn vị đã báo cáo", "Số đơn vị phải báo cáo"],
            i.Trend.Select(t => new object?[] { t.Period, Date(t.PeriodEnd), t.Value, t.Expected, t.Reported, t.ExpectedReports }).ToList());
        var agencies = new ExportSheet("Theo đơn vị",
            ["Kỳ", "Mã đơn vị", "Tên đơn vị", "Giá trị", "Tử số", "Mẫu số", "Lần nộp", "Ngày chấp nhận", "Tình trạng báo cáo", "Hạn nộp"],
            d.Periods.SelectMany(p => p.Agencies.Select(a => new object?[]
            {
                p.Period, a.AgencyCode, a.Name, a.Value, a.Numerator, a.Denominator, a.Revision, Local(a.AcceptedAt),
                a.ObligationStatus is { } s ? Labels.Of(s) : "Không phải báo cáo", Local(a.DueAt),
            })).ToList());
        return [about, series, agencies];
    }

    public static IReadOnlyList<ExportSheet> Agency(AgencyDrillDown d)
    {
        var c = d.Compliance;
        var about = new ExportSheet("Đơn vị", ["Nội dung", "Giá trị"],
        [
            ["Mã đơn vị", d.AgencyCode], ["Tên đơn vị", d.Name], ["Loại đơn vị", Labels.Of(d.Kind)], ["Đang hoạt động", YesNo(d.IsActive)],
            ["Số báo cáo đến hạn", c.FellDue], ["Đã nộp", c.Fulfilled], ["Nộp đúng hạn", c.FulfilledOnTime], ["Còn phải nộp", c.Outstanding],
            ["Quá hạn", c.Overdue], ["Tỷ lệ đầy đủ", c.Completeness], ["Tỷ lệ đúng hạn", c.Timeliness],
        ]);
        var obligations = new ExportSheet("Nghĩa vụ báo cáo",
            ["Loại", "Mã", "Nội dung", "Kỳ", "Hạn nộp", "Tình trạng", "Ngày nộp", "Đúng hạn", "Quá hạn"],
            d.Obligations.Select(o => new object?[]
            {
                Labels.Of(o.Subject), o.SubjectCode, o.Title, o.Period, Local(o.DueAt), Labels.Of(o.Status), Local(o.FulfilledAt),
                YesNo(o.OnTime), YesNo(o.Overdue),
            }).ToList());
        var reports = new ExportSheet("Số liệu đã chấp nhận",
            ["Mã chỉ tiêu", "Tên chỉ tiêu", "Kỳ", "Loại số liệu", "Giá trị", "Tử số", "Mẫu số", "Lần nộp", "Ngày chấp nhận"],
            d.Reports.Select(r => new object?[]
            {
                r.IndicatorCode, r.IndicatorName, r.Period, Labels.Of(r.Measure), r.Value, r.Numerator, r.Denominator, r.Revision,
                Local(r.AcceptedAt),
            }).ToList());
        var tasks = new ExportSheet("Nhiệm vụ",
            ["Mã nhiệm vụ", "Tên nhiệm vụ", "Vai trò", "Hạn hoàn thành", "Trạng thái", "Tiến độ (%)", "Quá hạn"],
            d.Tasks.Select(t => new object?[]
            {
                t.Code, t.Title, t.Owner ? "Chủ trì" : "Phối hợp", Date(t.DueDate), Labels.Task(t.Status), t.PercentComplete, YesNo(t.Overdue),
            }).ToList());
        return [about, obligations, reports, tasks];
    }

    public static byte[] Write(string format, IReadOnlyList<ExportSheet> sheets) => format == Xlsx ? ToXlsx(sheets) : ToCsv(sheets);

    /// <summary>Every table one after the other, each under its name and separated by an empty line.</summary>
    public static byte[] ToCsv(IReadOnlyList<ExportSheet> sheets)
    {
        var text = new StringBuilder();
        foreach (var sheet in sheets)
        {
            if (text.Length > 0) text.Append("\r\n");
            text.Append(Field(sheet.Name)).Append("\r\n");
            text.AppendJoin(',', sheet.Headers.Select(Field)).Append("\r\n");
            foreach (var row in sheet.Rows) text.AppendJoin(',', row.Select(c => Field(Text(c)))).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    static string Text(object? cell) => cell switch
    {
        null => "",
        decimal d => Number(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    // 72.50 (a rounded ratio) reads 72.5, in CSV and in XLSX alike.
    static string Number(decimal d) => d.ToString("0.##########", CultureInfo.InvariantCulture);

    static string Field(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    public static byte[] ToXlsx(IReadOnlyList<ExportSheet> sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var list = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var sheet in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                data.Append(Row(sheet.Headers.Cast<object?>()));
                foreach (var row in sheet.Rows) data.Append(Row(row));
                part.Worksheet = new Worksheet(data);
                // Worksheet names: at most 31 characters, none of : \ / ? * [ ].
                list.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = sheet.Name.Length > 31 ? sheet.Name[..31] : sheet.Name });
            }
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    static Row Row(IEnumerable<object?> cells)
    {
        var row = new Row();
        foreach (var cell in cells)
        {
            row.Append(cell switch
            {
                null => new Cell(),
                decimal d => new Cell { DataType = CellValues.Number, CellValue = new CellValue(Number(d)) },
                int n => new Cell { DataType = CellValues.Number, CellValue = new CellValue(n) },
                long n => new Cell { DataType = CellValues.Number, CellValue = new CellValue((decimal)n) },
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Text(cell)) { Space = SpaceProcessingModeValues.Preserve }) },
            });
        }
        return row;
    }
}
