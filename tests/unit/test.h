/*
 * test.h - the unit-test harness (in the manner of libuv's test/task.h).
 *
 * A test is `TEST(name) { ... }` in any tests/unit/test-*.c file; the build
 * collects every TEST line into the runner's table, so there is nothing to
 * register by hand.  Assertions print the expression, the values, the file
 * and the line, mark the test failed and return from it.  The runner prints
 * one line per failure and ends with `N passed, N failed`.
 */
#ifndef ONEBUDGET_TEST_H
#define ONEBUDGET_TEST_H

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

extern int test_failed_flag;
extern const char *test_current_name;

#define TEST(name) void test_##name(void); void test_##name(void)

#define TEST_FAIL_(...)                                                        \
	do {                                                                   \
		fprintf(stderr, "FAIL %s (%s:%d): ", test_current_name,        \
			__FILE__, __LINE__);                                   \
		fprintf(stderr, __VA_ARGS__);                                  \
		fputc('\n', stderr);                                           \
		test_failed_flag = 1;                                          \
		return;                                                        \
	} while (0)

#define ASSERT(expr)                                                           \
	do {                                                                   \
		if (!(expr))                                                   \
			TEST_FAIL_("assertion failed: %s", #expr);             \
	} while (0)

#define ASSERT_INT_EQ(a, b)                                                    \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		if (a_ != b_)                                                  \
			TEST_FAIL_("%s == %s: %lld != %lld", #a, #b, a_, b_);  \
	} while (0)

#define ASSERT_STR_EQ(a, b)                                                    \
	do {                                                                   \
		const char *a_ = (a), *b_ = (b);                               \
		if (!a_ || !b_ || strcmp(a_, b_) != 0)                         \
			TEST_FAIL_("%s == %s: \"%s\" != \"%s\"", #a, #b,       \
				   a_ ? a_ : "(null)", b_ ? b_ : "(null)");    \
	} while (0)

#define ASSERT_MEM_EQ(a, b, n)                                                 \
	do {                                                                   \
		if (memcmp((a), (b), (n)) != 0)                                \
			TEST_FAIL_("%s == %s (%zu bytes) differ", #a, #b,      \
				   (size_t)(n));                               \
	} while (0)

#define ASSERT_NEAR(a, b, tol)                                                 \
	do {                                                                   \
		double a_ = (a), b_ = (b);                                     \
		if (!(fabs(a_ - b_) <= (tol)))                                 \
			TEST_FAIL_("%s ~= %s: %.17g != %.17g (tol %g)", #a,    \
				   #b, a_, b_, (double)(tol));                 \
	} while (0)

#define ASSERT_OK(expr)                                                        \
	do {                                                                   \
		int s_ = (int)(expr);                                          \
		if (s_ != 0)                                                   \
			TEST_FAIL_("%s returned status %d", #expr, s_);        \
	} while (0)

#endif
