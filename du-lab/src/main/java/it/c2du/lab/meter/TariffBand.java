package it.c2du.lab.meter;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.util.Set;

/**
 * The Italian time-of-use bands (ARERA fasce orarie) the M1 meter reports as its tariff code:
 * F1 peak hours on working days, F2 their shoulders and Saturday's day, F3 nights, Sundays and
 * national holidays.
 */
public enum TariffBand {
    /** Monday to Friday 08:00-19:00. */
    F1(1),
    /** Monday to Friday 07:00-08:00 and 19:00-23:00, Saturday 07:00-23:00. */
    F2(2),
    /** Monday to Saturday 00:00-07:00 and 23:00-24:00, Sundays and national holidays all day. */
    F3(3);

    private static final Set<MonthDay> FIXED_HOLIDAYS = Set.of(
            MonthDay.of(1, 1), MonthDay.of(1, 6), MonthDay.of(4, 25), MonthDay.of(5, 1), MonthDay.of(6, 2),
            MonthDay.of(8, 15), MonthDay.of(11, 1), MonthDay.of(12, 8), MonthDay.of(12, 25), MonthDay.of(12, 26));

    private final int code;

    TariffBand(int code) {
        this.code = code;
    }

    /** The tariff code a CF1 carries: 1, 2 or 3. */
    public int code() {
        return code;
    }

    /** The band in force at a local date and time. */
    public static TariffBand at(LocalDateTime local) {
        LocalDate date = local.toLocalDate();
        int hour = local.getHour();
        if (date.getDayOfWeek() == DayOfWeek.SUNDAY || isHoliday(date) || hour < 7 || hour >= 23) {
            return F3;
        }
        if (date.getDayOfWeek() == DayOfWeek.SATURDAY) {
            return F2;
        }
        return hour >= 8 && hour < 19 ? F1 : F2;
    }

    /** An Italian national holiday: the fixed ones and Easter Monday. */
    public static boolean isHoliday(LocalDate date) {
        return FIXED_HOLIDAYS.contains(MonthDay.from(date)) || date.equals(easterSunday(date.getYear()).plusDays(1));
    }

    /** Easter Sunday of a Gregorian year (the anonymous Gregorian computus). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int n = h + l - 7 * m + 114;
        return LocalDate.of(year, n / 31, n % 31 + 1);
    }
}
