package dev.switchboard.rest.internal.json;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class UsageCsvWriterTest {

    private static String field(String value) {
        StringBuilder line = new StringBuilder();
        UsageCsvWriter.field(line, value);
        return line.toString();
    }

    @Test
    public void aTextASpreadsheetWouldRunAsAFormulaIsDefused() {
        assertEquals("'=HYPERLINK(1)", field("=HYPERLINK(1)"));
        assertEquals("'+1", field("+1"));
        assertEquals("'-cmd", field("-cmd"));
        assertEquals("'@SUM(A1)", field("@SUM(A1)"));
        assertEquals("\"'=1,2\"", field("=1,2"));
    }

    @Test
    public void plainTextsAndQuotingAreAsRfc4180Says() {
        assertEquals("gpt-4o", field("gpt-4o"));
        assertEquals("\"a,b\"", field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", field("say \"hi\""));
        assertEquals("", field(null));
    }
}
