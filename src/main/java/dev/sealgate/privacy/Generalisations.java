package dev.sealgate.privacy;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Coarsening of dates, addresses and numbers for the {@code generalize} operator. */
final class Generalisations {

    private static final Pattern MUNICIPALITY = Pattern.compile("^(北京市|天津市|上海市|重庆市)");
    private static final Pattern PROVINCE = Pattern.compile("^(.{2,7}?(省|自治区|特别行政区))");
    private static final Pattern CITY = Pattern.compile("^(.{1,10}?(市|自治州|州(?!市)|盟|地区))");

    private Generalisations() {
    }

    static Optional<String> year(String date) {
        return parse(date).map(d -> String.valueOf(d.getYear()));
    }

    /** Ten-year bands by age today: "30-39". */
    static Optional<String> ageBand(String date, LocalDate today) {
        return parse(date).map(d -> {
            int age = Period.between(d, today).getYears();
            int low = Math.max(0, age / 10 * 10);
            return low + "-" + (low + 9);
        });
    }

    static Optional<String> province(String address) {
        Matcher municipality = MUNICIPALITY.matcher(address);
        if (municipality.find()) {
            return Optional.of(municipality.group(1));
        }
        Matcher province = PROVINCE.matcher(address);
        return province.find() ? Optional.of(province.group(1)) : Optional.empty();
    }

    static Optional<String> city(String address) {
        Matcher municipality = MUNICIPALITY.matcher(address);
        if (municipality.find()) {
            return Optional.of(municipality.group(1));
        }
        Matcher province = PROVINCE.matcher(address);
        if (!province.find()) {
            return Optional.empty();
        }
        Matcher city = CITY.matcher(address.substring(province.end()));
        return city.find() ? Optional.of(province.group(1) + city.group(1)) : Optional.of(province.group(1));
    }

    /** The interval of width {@code step} that holds the number: "[1000000, 2000000)". */
    static String range(double value, long step) {
        long low = (long) Math.floor(value / step) * step;
        return "[" + low + ", " + (low + step) + ")";
    }

    private static Optional<LocalDate> parse(String date) {
        String day = date.length() > 10 ? date.substring(0, 10) : date;
        try {
            return Optional.of(isPlainDate(day) ? LocalDate.of(digits(day, 0, 4), digits(day, 5, 7), digits(day, 8, 10))
                    : LocalDate.parse(day));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** {@code yyyy-MM-dd} in ASCII digits: read directly, as ISO parsing of it would, without a formatter. */
    private static boolean isPlainDate(String day) {
        if (day.length() != 10 || day.charAt(4) != '-' || day.charAt(7) != '-') {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            char c = day.charAt(i);
            if (i != 4 && i != 7 && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + text.charAt(i) - '0';
        }
        return value;
    }
}
