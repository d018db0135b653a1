// Snowball arabic stemmer for the imrf search page, from snowball-stemmers 0.6.0 (ISC licence),
// made by tests/browser/stemmers/extract.mjs; runs on stemmers/runtime.js.
(function (global) {
'use strict';
var _typeof = global.imrfSnowball._typeof, _possibleConstructorReturn = global.imrfSnowball._possibleConstructorReturn, _inherits = global.imrfSnowball._inherits, _classCallCheck = global.imrfSnowball._classCallCheck, _createClass = global.imrfSnowball._createClass, _get = global.imrfSnowball._get, StringBuffer = global.imrfSnowball.StringBuffer, StringBuilder = global.imrfSnowball.StringBuilder, Among = global.imrfSnowball.Among, SnowballProgram = global.imrfSnowball.SnowballProgram, SnowballStemmer = global.imrfSnowball.SnowballStemmer;
    var arabicStemmer = function (_SnowballStemmer) {
        _inherits(arabicStemmer, _SnowballStemmer);

        function arabicStemmer() {
            _classCallCheck(this, arabicStemmer);

            return _possibleConstructorReturn(this, Object.getPrototypeOf(arabicStemmer).apply(this, arguments));
        }

        _createClass(arabicStemmer, [{
            key: 'r_Normalize_pre$esjava$0',
            value: function r_Normalize_pre$esjava$0() {
                var among_var = undefined;
                var v_1 = undefined;
                var v_2 = undefined;

                for (v_1 = this.current.length(); v_1 > 0; v_1--) {
                    lab0: do {
                        v_2 = this.cursor;

                        lab1: do {
                            this.bra = this.cursor;
                            among_var = this.find_among$esjava$1(arabicStemmer.a_0);

                            if (among_var === 0) {
                                break lab1;
                            }

                            this.ket = this.cursor;

                            switch (among_var) {
                                case 0:
                                    break lab1;

                                case 1:
                                    this.slice_del$esjava$0();
                                    break;

                                case 2:
                                    this.slice_del$esjava$0();
                                    break;

                                case 3:
                                    this.slice_del$esjava$0();
                                    break;

                                case 4:
                                    this.slice_del$esjava$0();
                                    break;

                                case 5:
                                    this.slice_from$esjava$1("0");
                                    break;

                                case 6:
                                    this.slice_from$esjava$1("1");
                                    break;

                                case 7:
                                    this.slice_from$esjava$1("2");
                                    break;

                                case 8:
                                    this.slice_from$esjava$1("3");
                                    break;

                                case 9:
                                    this.slice_from$esjava$1("4");
                                    break;

                                case 10:
                                    this.slice_from$esjava$1("5");
                                    break;

                                case 11:
                                    this.slice_from$esjava$1("6");
                                    break;

                                case 12:
                                    this.slice_from$esjava$1("7");
                                    break;

                                case 13:
                                    this.slice_from$esjava$1("8");
                                    break;

                                case 14:
                                    this.slice_from$esjava$1("9");
                                    break;

                                case 15:
                                    this.slice_del$esjava$0();
                                    break;

                                case 16:
                                    this.slice_from$esjava$1('\u0621');
                                    break;

                                case 17:
                                    this.slice_from$esjava$1('\u0623');
                                    break;

                                case 18:
                                    this.slice_from$esjava$1('\u0625');
                                    break;

                                case 19:
                                    this.slice_from$esjava$1('\u0626');
                                    break;

                                case 20:
                                    this.slice_from$esjava$1('\u0622');
                                    break;

                                case 21:
                                    this.slice_from$esjava$1('\u0624');
                                    break;

                                case 22:
                                    this.slice_from$esjava$1('\u0627');
                                    break;

                                case 23:
                                    this.slice_from$esjava$1('\u0628');
                                    break;

                                case 24:
                                    this.slice_from$esjava$1('\u0629');
                                    break;

                                case 25:
                                    this.slice_from$esjava$1('\u062A');
                                    break;

                                case 26:
                                    this.slice_from$esjava$1('\u062B');
                                    break;

                                case 27:
                                    this.slice_from$esjava$1('\u062C');
                                    break;

                                case 28:
                                    this.slice_from$esjava$1('\u062D');
                                    break;

                                case 29:
                                    this.slice_from$esjava$1('\u062E');
                                    break;

                                case 30:
                                    this.slice_from$esjava$1('\u062F');
                                    break;

                                case 31:
                                    this.slice_from$esjava$1('\u0630');
                                    break;

                                case 32:
                                    this.slice_from$esjava$1('\u0631');
                                    break;

                                case 33:
                                    this.slice_from$esjava$1('\u0632');
                                    break;

                                case 34:
                                    this.slice_from$esjava$1('\u0633');
                                    break;

                                case 35:
                                    this.slice_from$esjava$1('\u0634');
                                    break;

                                case 36:
                                    this.slice_from$esjava$1('\u0635');
                                    break;

                                case 37:
                                    this.slice_from$esjava$1('\u0636');
                                    break;

                                case 38:
                                    this.slice_from$esjava$1('\u0637');
                                    break;

                                case 39:
                                    this.slice_from$esjava$1('\u0638');
                                    break;

                                case 40:
                                    this.slice_from$esjava$1('\u0639');
                                    break;

                                case 41:
                                    this.slice_from$esjava$1('\u063A');
                                    break;

                                case 42:
                                    this.slice_from$esjava$1('\u0641');
                                    break;

                                case 43:
                                    this.slice_from$esjava$1('\u0642');
                                    break;

                                case 44:
                                    this.slice_from$esjava$1('\u0643');
                                    break;

                                case 45:
                                    this.slice_from$esjava$1('\u0644');
                                    break;

                                case 46:
                                    this.slice_from$esjava$1('\u0645');
                                    break;

                                case 47:
                                    this.slice_from$esjava$1('\u0646');
                                    break;

                                case 48:
                                    this.slice_from$esjava$1('\u0647');
                                    break;

                                case 49:
                                    this.slice_from$esjava$1('\u0648');
                                    break;

                                case 50:
                                    this.slice_from$esjava$1('\u0649');
                                    break;

                                case 51:
                                    this.slice_from$esjava$1('\u064A');
                                    break;

                                case 52:
                                    this.slice_from$esjava$1('\u0644\u0627');
                                    break;

                                case 53:
                                    this.slice_from$esjava$1('\u0644\u0623');
                                    break;

                                case 54:
                                    this.slice_from$esjava$1('\u0644\u0625');
                                    break;

                                case 55:
                                    this.slice_from$esjava$1('\u0644\u0622');
                                    break;
                            }

                            break lab0;
                        } while (false);

                        this.cursor = v_2;

                        if (this.cursor >= this.limit) {
                            return false;
                        }

                        this.cursor++;
                    } while (false);
                }

                return true;
            }
        }, {
            key: 'r_Normalize_post$esjava$0',
            value: function r_Normalize_post$esjava$0() {
                var among_var = undefined;
                var v_1 = undefined;
                var v_2 = undefined;
                var v_3 = undefined;
                var v_4 = undefined;
                v_1 = this.cursor;

                lab0: do {
                    this.limit_backward = this.cursor;
                    this.cursor = this.limit;
                    this.ket = this.cursor;
                    among_var = this.find_among_b$esjava$1(arabicStemmer.a_1);

                    if (among_var === 0) {
                        break lab0;
                    }

                    this.bra = this.cursor;

                    switch (among_var) {
                        case 0:
                            break lab0;

                        case 1:
                            this.slice_from$esjava$1('\u0621');
                            break;

                        case 2:
                            this.slice_from$esjava$1('\u0621');
                            break;

                        case 3:
                            this.slice_from$esjava$1('\u0621');
                            break;
                    }

                    this.cursor = this.limit_backward;
                } while (false);

                this.cursor = v_1;
                v_2 = this.cursor;

                lab1: do {
                    for (v_3 = this.I_word_len; v_3 > 0; v_3--) {
                        lab2: do {
                            v_4 = this.cursor;

                            lab3: do {
                                this.bra = this.cursor;
                                among_var = this.find_among$esjava$1(arabicStemmer.a_2);

                                if (among_var === 0) {
                                    break lab3;
                                }

                                this.ket = this.cursor;

                                switch (among_var) {
                                    case 0:
                                        break lab3;

                                    case 1:
                                        this.slice_from$esjava$1('\u0627');
                                        break;

                                    case 2:
                                        this.slice_from$esjava$1('\u0648');
                                        break;

                                    case 3:
                                        this.slice_from$esjava$1('\u064A');
                                        break;
                                }

                                break lab2;
                            } while (false);

                            this.cursor = v_4;

                            if (this.cursor >= this.limit) {
                                break lab1;
                            }

                            this.cursor++;
                        } while (false);
                    }
                } while (false);

                this.cursor = v_2;
                return true;
            }
        }, {
            key: 'r_Checks1$esjava$0',
            value: function r_Checks1$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.bra = this.cursor;
                among_var = this.find_among$esjava$1(arabicStemmer.a_3);

                if (among_var === 0) {
                    return false;
                }

                this.ket = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len > 4)) {
                            return false;
                        }

                        this.B_is_noun = true;
                        this.B_is_verb = false;
                        this.B_is_defined = true;
                        break;

                    case 2:
                        if (!(this.I_word_len > 3)) {
                            return false;
                        }

                        this.B_is_noun = true;
                        this.B_is_verb = false;
                        this.B_is_defined = true;
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Prefix_Step1$esjava$0',
            value: function r_Prefix_Step1$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.bra = this.cursor;
                among_var = this.find_among$esjava$1(arabicStemmer.a_4);

                if (among_var === 0) {
                    return false;
                }

                this.ket = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len > 3)) {
                            return false;
                        }

                        this.slice_from$esjava$1('\u0623');
                        break;

                    case 2:
                        if (!(this.I_word_len > 3)) {
                            return false;
                        }

                        this.slice_from$esjava$1('\u0622');
                        break;

                    case 3:
                        if (!(this.I_word_len > 3)) {
                            return false;
                        }

                        this.slice_from$esjava$1('\u0623');
                        break;

                    case 4:
                        if (!(this.I_word_len > 3)) {
                            return false;
                        }

                        this.slice_from$esjava$1('\u0627');
                        break;

                    case 5:
                        if (!(this.I_word_len > 3)) {
                            return false;
                        }

                        this.slice_from$esjava$1('\u0625');
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Prefix_Step2$esjava$0',
            value: function r_Prefix_Step2$esjava$0() {
                var among_var = undefined;
                var v_1 = undefined;
                var v_2 = undefined;
                this.I_word_len = this.current.length();
                {
                    v_1 = this.cursor;

                    lab0: do {
                        if (!this.eq_s$esjava$1('\u0641\u0627')) {
                            break lab0;
                        }

                        return false;
                    } while (false);

                    this.cursor = v_1;
                }
                {
                    v_2 = this.cursor;

                    lab1: do {
                        if (!this.eq_s$esjava$1('\u0648\u0627')) {
                            break lab1;
                        }

                        return false;
                    } while (false);

                    this.cursor = v_2;
                }
                this.bra = this.cursor;
                among_var = this.find_among$esjava$1(arabicStemmer.a_5);

                if (among_var === 0) {
                    return false;
                }

                this.ket = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len > 3)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 2:
                        if (!(this.I_word_len > 3)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Prefix_Step3a_Noun$esjava$0',
            value: function r_Prefix_Step3a_Noun$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.bra = this.cursor;
                among_var = this.find_among$esjava$1(arabicStemmer.a_6);

                if (among_var === 0) {
                    return false;
                }

                this.ket = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len > 5)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 2:
                        if (!(this.I_word_len > 4)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Prefix_Step3b_Noun$esjava$0',
            value: function r_Prefix_Step3b_Noun$esjava$0() {
                var among_var = undefined;
                var v_1 = undefined;
                this.I_word_len = this.current.length();
                {
                    v_1 = this.cursor;

                    lab0: do {
                        if (!this.eq_s$esjava$1('\u0628\u0627')) {
                            break lab0;
                        }

                        return false;
                    } while (false);

                    this.cursor = v_1;
                }
                this.bra = this.cursor;
                among_var = this.find_among$esjava$1(arabicStemmer.a_7);

                if (among_var === 0) {
                    return false;
                }

                this.ket = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len > 3)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 2:
                        if (!(this.I_word_len > 3)) {
                            return false;
                        }

                        this.slice_from$esjava$1('\u0628');
                        break;

                    case 3:
                        if (!(this.I_word_len > 3)) {
                            return false;
                        }

                        this.slice_from$esjava$1('\u0643');
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Prefix_Step3_Verb$esjava$0',
            value: function r_Prefix_Step3_Verb$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.bra = this.cursor;
                among_var = this.find_among$esjava$1(arabicStemmer.a_8);

                if (among_var === 0) {
                    return false;
                }

                this.ket = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len > 4)) {
                            return false;
                        }

                        this.slice_from$esjava$1('\u064A');
                        break;

                    case 2:
                        if (!(this.I_word_len > 4)) {
                            return false;
                        }

                        this.slice_from$esjava$1('\u062A');
                        break;

                    case 3:
                        if (!(this.I_word_len > 4)) {
                            return false;
                        }

                        this.slice_from$esjava$1('\u0646');
                        break;

                    case 4:
                        if (!(this.I_word_len > 4)) {
                            return false;
                        }

                        this.slice_from$esjava$1('\u0623');
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Prefix_Step4_Verb$esjava$0',
            value: function r_Prefix_Step4_Verb$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.bra = this.cursor;
                among_var = this.find_among$esjava$1(arabicStemmer.a_9);

                if (among_var === 0) {
                    return false;
                }

                this.ket = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len > 4)) {
                            return false;
                        }

                        this.B_is_verb = true;
                        this.B_is_noun = false;
                        this.slice_from$esjava$1('\u0627\u0633\u062A');
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Suffix_Noun_Step1a$esjava$0',
            value: function r_Suffix_Noun_Step1a$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(arabicStemmer.a_10);

                if (among_var === 0) {
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len >= 4)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 2:
                        if (!(this.I_word_len >= 5)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 3:
                        if (!(this.I_word_len >= 6)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Suffix_Noun_Step1b$esjava$0',
            value: function r_Suffix_Noun_Step1b$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(arabicStemmer.a_11);

                if (among_var === 0) {
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len > 5)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Suffix_Noun_Step2a$esjava$0',
            value: function r_Suffix_Noun_Step2a$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(arabicStemmer.a_12);

                if (among_var === 0) {
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len > 4)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Suffix_Noun_Step2b$esjava$0',
            value: function r_Suffix_Noun_Step2b$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(arabicStemmer.a_13);

                if (among_var === 0) {
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len >= 5)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Suffix_Noun_Step2c1$esjava$0',
            value: function r_Suffix_Noun_Step2c1$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(arabicStemmer.a_14);

                if (among_var === 0) {
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len >= 4)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Suffix_Noun_Step2c2$esjava$0',
            value: function r_Suffix_Noun_Step2c2$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(arabicStemmer.a_15);

                if (among_var === 0) {
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len >= 4)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Suffix_Noun_Step3$esjava$0',
            value: function r_Suffix_Noun_Step3$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(arabicStemmer.a_16);

                if (among_var === 0) {
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len >= 3)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Suffix_Verb_Step1$esjava$0',
            value: function r_Suffix_Verb_Step1$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(arabicStemmer.a_17);

                if (among_var === 0) {
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len >= 4)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 2:
                        if (!(this.I_word_len >= 5)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 3:
                        if (!(this.I_word_len >= 6)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Suffix_Verb_Step2a$esjava$0',
            value: function r_Suffix_Verb_Step2a$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(arabicStemmer.a_18);

                if (among_var === 0) {
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len >= 4)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 2:
                        if (!(this.I_word_len >= 4)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 3:
                        if (!(this.I_word_len >= 5)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 4:
                        if (!(this.I_word_len > 5)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 5:
                        if (!(this.I_word_len >= 6)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Suffix_Verb_Step2b$esjava$0',
            value: function r_Suffix_Verb_Step2b$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(arabicStemmer.a_19);

                if (among_var === 0) {
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len >= 5)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Suffix_Verb_Step2c$esjava$0',
            value: function r_Suffix_Verb_Step2c$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(arabicStemmer.a_20);

                if (among_var === 0) {
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!(this.I_word_len >= 4)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 2:
                        if (!(this.I_word_len >= 6)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                return true;
            }
        }, {
            key: 'r_Suffix_All_alef_maqsura$esjava$0',
            value: function r_Suffix_All_alef_maqsura$esjava$0() {
                var among_var = undefined;
                this.I_word_len = this.current.length();
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(arabicStemmer.a_21);

                if (among_var === 0) {
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        this.slice_from$esjava$1('\u064A');
                        break;
                }

                return true;
            }
        }, {
            key: 'stem$esjava$0',
            value: function stem$esjava$0() {
                var v_1 = undefined;
                var v_2 = undefined;
                var v_3 = undefined;
                var v_4 = undefined;
                var v_5 = undefined;
                var v_7 = undefined;
                var v_8 = undefined;
                var v_9 = undefined;
                var v_10 = undefined;
                var v_12 = undefined;
                var v_13 = undefined;
                var v_15 = undefined;
                var v_16 = undefined;
                var v_17 = undefined;
                var v_18 = undefined;
                var v_19 = undefined;
                var v_20 = undefined;
                this.B_is_noun = true;
                this.B_is_verb = true;
                this.B_is_defined = false;
                v_1 = this.cursor;

                lab0: do {
                    if (!this.r_Checks1$esjava$0()) {
                        break lab0;
                    }
                } while (false);

                this.cursor = v_1;
                v_2 = this.cursor;

                lab1: do {
                    if (!this.r_Normalize_pre$esjava$0()) {
                        break lab1;
                    }
                } while (false);

                this.cursor = v_2;
                this.limit_backward = this.cursor;
                this.cursor = this.limit;
                v_3 = this.limit - this.cursor;

                lab2: do {
                    lab3: do {
                        v_4 = this.limit - this.cursor;

                        lab4: do {
                            if (!this.B_is_verb) {
                                break lab4;
                            }

                            lab5: do {
                                v_5 = this.limit - this.cursor;

                                lab6: do {
                                    {
                                        var v_6 = 1;

                                        replab7: while (true) {
                                            v_7 = this.limit - this.cursor;

                                            lab8: do {
                                                if (!this.r_Suffix_Verb_Step1$esjava$0()) {
                                                    break lab8;
                                                }

                                                v_6--;
                                                continue replab7;
                                            } while (false);

                                            this.cursor = this.limit - v_7;
                                            break replab7;
                                        }

                                        if (v_6 > 0) {
                                            break lab6;
                                        }
                                    }

                                    lab9: do {
                                        v_8 = this.limit - this.cursor;

                                        lab10: do {
                                            if (!this.r_Suffix_Verb_Step2a$esjava$0()) {
                                                break lab10;
                                            }

                                            break lab9;
                                        } while (false);

                                        this.cursor = this.limit - v_8;

                                        lab11: do {
                                            if (!this.r_Suffix_Verb_Step2c$esjava$0()) {
                                                break lab11;
                                            }

                                            break lab9;
                                        } while (false);

                                        this.cursor = this.limit - v_8;

                                        if (this.cursor <= this.limit_backward) {
                                            break lab6;
                                        }

                                        this.cursor--;
                                    } while (false);

                                    break lab5;
                                } while (false);

                                this.cursor = this.limit - v_5;

                                lab12: do {
                                    if (!this.r_Suffix_Verb_Step2b$esjava$0()) {
                                        break lab12;
                                    }

                                    break lab5;
                                } while (false);

                                this.cursor = this.limit - v_5;

                                if (!this.r_Suffix_Verb_Step2a$esjava$0()) {
                                    break lab4;
                                }
                            } while (false);

                            break lab3;
                        } while (false);

                        this.cursor = this.limit - v_4;

                        lab13: do {
                            if (!this.B_is_noun) {
                                break lab13;
                            }

                            v_9 = this.limit - this.cursor;

                            lab14: do {
                                lab15: do {
                                    v_10 = this.limit - this.cursor;

                                    lab16: do {
                                        if (!this.r_Suffix_Noun_Step2c2$esjava$0()) {
                                            break lab16;
                                        }

                                        break lab15;
                                    } while (false);

                                    this.cursor = this.limit - v_10;

                                    lab17: do {
                                        lab18: do {
                                            if (!this.B_is_defined) {
                                                break lab18;
                                            }

                                            break lab17;
                                        } while (false);

                                        if (!this.r_Suffix_Noun_Step1a$esjava$0()) {
                                            break lab17;
                                        }

                                        lab19: do {
                                            v_12 = this.limit - this.cursor;

                                            lab20: do {
                                                if (!this.r_Suffix_Noun_Step2a$esjava$0()) {
                                                    break lab20;
                                                }

                                                break lab19;
                                            } while (false);

                                            this.cursor = this.limit - v_12;

                                            lab21: do {
                                                if (!this.r_Suffix_Noun_Step2b$esjava$0()) {
                                                    break lab21;
                                                }

                                                break lab19;
                                            } while (false);

                                            this.cursor = this.limit - v_12;

                                            lab22: do {
                                                if (!this.r_Suffix_Noun_Step2c1$esjava$0()) {
                                                    break lab22;
                                                }

                                                break lab19;
                                            } while (false);

                                            this.cursor = this.limit - v_12;

                                            if (this.cursor <= this.limit_backward) {
                                                break lab17;
                                            }

                                            this.cursor--;
                                        } while (false);

                                        break lab15;
                                    } while (false);

                                    this.cursor = this.limit - v_10;

                                    lab23: do {
                                        if (!this.r_Suffix_Noun_Step1b$esjava$0()) {
                                            break lab23;
                                        }

                                        lab24: do {
                                            v_13 = this.limit - this.cursor;

                                            lab25: do {
                                                if (!this.r_Suffix_Noun_Step2a$esjava$0()) {
                                                    break lab25;
                                                }

                                                break lab24;
                                            } while (false);

                                            this.cursor = this.limit - v_13;

                                            lab26: do {
                                                if (!this.r_Suffix_Noun_Step2b$esjava$0()) {
                                                    break lab26;
                                                }

                                                break lab24;
                                            } while (false);

                                            this.cursor = this.limit - v_13;

                                            if (!this.r_Suffix_Noun_Step2c1$esjava$0()) {
                                                break lab23;
                                            }
                                        } while (false);

                                        break lab15;
                                    } while (false);

                                    this.cursor = this.limit - v_10;

                                    lab27: do {
                                        lab28: do {
                                            if (!this.B_is_defined) {
                                                break lab28;
                                            }

                                            break lab27;
                                        } while (false);

                                        if (!this.r_Suffix_Noun_Step2a$esjava$0()) {
                                            break lab27;
                                        }

                                        break lab15;
                                    } while (false);

                                    this.cursor = this.limit - v_10;

                                    if (!this.r_Suffix_Noun_Step2b$esjava$0()) {
                                        this.cursor = this.limit - v_9;
                                        break lab14;
                                    }
                                } while (false);
                            } while (false);

                            if (!this.r_Suffix_Noun_Step3$esjava$0()) {
                                break lab13;
                            }

                            break lab3;
                        } while (false);

                        this.cursor = this.limit - v_4;

                        if (!this.r_Suffix_All_alef_maqsura$esjava$0()) {
                            break lab2;
                        }
                    } while (false);
                } while (false);

                this.cursor = this.limit - v_3;
                this.cursor = this.limit_backward;
                v_15 = this.cursor;

                lab29: do {
                    v_16 = this.cursor;

                    lab30: do {
                        if (!this.r_Prefix_Step1$esjava$0()) {
                            this.cursor = v_16;
                            break lab30;
                        }
                    } while (false);

                    v_17 = this.cursor;

                    lab31: do {
                        if (!this.r_Prefix_Step2$esjava$0()) {
                            this.cursor = v_17;
                            break lab31;
                        }
                    } while (false);

                    lab32: do {
                        v_18 = this.cursor;

                        lab33: do {
                            if (!this.r_Prefix_Step3a_Noun$esjava$0()) {
                                break lab33;
                            }

                            break lab32;
                        } while (false);

                        this.cursor = v_18;

                        lab34: do {
                            if (!this.B_is_noun) {
                                break lab34;
                            }

                            if (!this.r_Prefix_Step3b_Noun$esjava$0()) {
                                break lab34;
                            }

                            break lab32;
                        } while (false);

                        this.cursor = v_18;

                        if (!this.B_is_verb) {
                            break lab29;
                        }

                        v_19 = this.cursor;

                        lab35: do {
                            if (!this.r_Prefix_Step3_Verb$esjava$0()) {
                                this.cursor = v_19;
                                break lab35;
                            }
                        } while (false);

                        if (!this.r_Prefix_Step4_Verb$esjava$0()) {
                            break lab29;
                        }
                    } while (false);
                } while (false);

                this.cursor = v_15;
                v_20 = this.cursor;

                lab36: do {
                    if (!this.r_Normalize_post$esjava$0()) {
                        break lab36;
                    }
                } while (false);

                this.cursor = v_20;
                return true;
            }
        }, {
            key: 'stem',
            value: function stem() {
                var _get25;

                for (var _len24 = arguments.length, args = Array(_len24), _key24 = 0; _key24 < _len24; _key24++) {
                    args[_key24] = arguments[_key24];
                }

                switch (args.length) {
                    case 0:
                        return this.stem$esjava$0.apply(this, args);
                }

                return (_get25 = _get(Object.getPrototypeOf(arabicStemmer.prototype), 'stem', this)).call.apply(_get25, [this].concat(args));
            }
        }, {
            key: 'B_is_defined',
            get: function get() {
                return Object.prototype.hasOwnProperty.call(this, '_$esjava$B_is_defined') ? this._$esjava$B_is_defined : this._$esjava$B_is_defined = false;
            },
            set: function set(v) {
                this._$esjava$B_is_defined = v;
            }
        }, {
            key: 'B_is_verb',
            get: function get() {
                return Object.prototype.hasOwnProperty.call(this, '_$esjava$B_is_verb') ? this._$esjava$B_is_verb : this._$esjava$B_is_verb = false;
            },
            set: function set(v) {
                this._$esjava$B_is_verb = v;
            }
        }, {
            key: 'B_is_noun',
            get: function get() {
                return Object.prototype.hasOwnProperty.call(this, '_$esjava$B_is_noun') ? this._$esjava$B_is_noun : this._$esjava$B_is_noun = false;
            },
            set: function set(v) {
                this._$esjava$B_is_noun = v;
            }
        }, {
            key: 'I_word_len',
            get: function get() {
                return Object.prototype.hasOwnProperty.call(this, '_$esjava$I_word_len') ? this._$esjava$I_word_len : this._$esjava$I_word_len = 0;
            },
            set: function set(v) {
                this._$esjava$I_word_len = v;
            }
        }], [{
            key: 'a_0',
            get: function get() {
                delete arabicStemmer.a_0;
                return arabicStemmer.a_0 = [new Among("!", -1, 3), new Among("\"", -1, 3), new Among("%", -1, 3), new Among("*", -1, 3), new Among(",", -1, 3), new Among(".", -1, 3), new Among("/", -1, 3), new Among(":", -1, 3), new Among(";", -1, 3), new Among("?", -1, 3), new Among("\\", -1, 3), new Among('\u060C', -1, 4), new Among('\u061B', -1, 4), new Among('\u061F', -1, 4), new Among('\u0640', -1, 2), new Among('\u064B', -1, 1), new Among('\u064C', -1, 1), new Among('\u064D', -1, 1), new Among('\u064E', -1, 1), new Among('\u064F', -1, 1), new Among('\u0650', -1, 1), new Among('\u0651', -1, 1), new Among('\u0652', -1, 1), new Among('\u0660', -1, 5), new Among('\u0661', -1, 6), new Among('\u0662', -1, 7), new Among('\u0663', -1, 8), new Among('\u0664', -1, 9), new Among('\u0665', -1, 10), new Among('\u0666', -1, 11), new Among('\u0667', -1, 12), new Among('\u0668', -1, 13), new Among('\u0669', -1, 14), new Among('\u066A', -1, 15), new Among('\u066B', -1, 15), new Among('\u066C', -1, 15), new Among('\uFE80', -1, 16), new Among('\uFE81', -1, 20), new Among('\uFE82', -1, 20), new Among('\uFE83', -1, 17), new Among('\uFE84', -1, 17), new Among('\uFE85', -1, 21), new Among('\uFE86', -1, 21), new Among('\uFE87', -1, 18), new Among('\uFE88', -1, 18), new Among('\uFE89', -1, 19), new Among('\uFE8A', -1, 19), new Among('\uFE8B', -1, 19), new Among('\uFE8C', -1, 19), new Among('\uFE8D', -1, 22), new Among('\uFE8E', -1, 22), new Among('\uFE8F', -1, 23), new Among('\uFE90', -1, 23), new Among('\uFE91', -1, 23), new Among('\uFE92', -1, 23), new Among('\uFE93', -1, 24), new Among('\uFE94', -1, 24), new Among('\uFE95', -1, 25), new Among('\uFE96', -1, 25), new Among('\uFE97', -1, 25), new Among('\uFE98', -1, 25), new Among('\uFE99', -1, 26), new Among('\uFE9A', -1, 26), new Among('\uFE9B', -1, 26), new Among('\uFE9C', -1, 26), new Among('\uFE9D', -1, 27), new Among('\uFE9E', -1, 27), new Among('\uFE9F', -1, 27), new Among('\uFEA0', -1, 27), new Among('\uFEA1', -1, 28), new Among('\uFEA2', -1, 28), new Among('\uFEA3', -1, 28), new Among('\uFEA4', -1, 28), new Among('\uFEA5', -1, 29), new Among('\uFEA6', -1, 29), new Among('\uFEA7', -1, 29), new Among('\uFEA8', -1, 29), new Among('\uFEA9', -1, 30), new Among('\uFEAA', -1, 30), new Among('\uFEAB', -1, 31), new Among('\uFEAC', -1, 31), new Among('\uFEAD', -1, 32), new Among('\uFEAE', -1, 32), new Among('\uFEAF', -1, 33), new Among('\uFEB0', -1, 33), new Among('\uFEB1', -1, 34), new Among('\uFEB2', -1, 34), new Among('\uFEB3', -1, 34), new Among('\uFEB4', -1, 34), new Among('\uFEB5', -1, 35), new Among('\uFEB6', -1, 35), new Among('\uFEB7', -1, 35), new Among('\uFEB8', -1, 35), new Among('\uFEB9', -1, 36), new Among('\uFEBA', -1, 36), new Among('\uFEBB', -1, 36), new Among('\uFEBC', -1, 36), new Among('\uFEBD', -1, 37), new Among('\uFEBE', -1, 37), new Among('\uFEBF', -1, 37), new Among('\uFEC0', -1, 37), new Among('\uFEC1', -1, 38), new Among('\uFEC2', -1, 38), new Among('\uFEC3', -1, 38), new Among('\uFEC4', -1, 38), new Among('\uFEC5', -1, 39), new Among('\uFEC6', -1, 39), new Among('\uFEC7', -1, 39), new Among('\uFEC8', -1, 39), new Among('\uFEC9', -1, 40), new Among('\uFECA', -1, 40), new Among('\uFECB', -1, 40), new Among('\uFECC', -1, 40), new Among('\uFECD', -1, 41), new Among('\uFECE', -1, 41), new Among('\uFECF', -1, 41), new Among('\uFED0', -1, 41), new Among('\uFED1', -1, 42), new Among('\uFED2', -1, 42), new Among('\uFED3', -1, 42), new Among('\uFED4', -1, 42), new Among('\uFED5', -1, 43), new Among('\uFED6', -1, 43), new Among('\uFED7', -1, 43), new Among('\uFED8', -1, 43), new Among('\uFED9', -1, 44), new Among('\uFEDA', -1, 44), new Among('\uFEDB', -1, 44), new Among('\uFEDC', -1, 44), new Among('\uFEDD', -1, 45), new Among('\uFEDE', -1, 45), new Among('\uFEDF', -1, 45), new Among('\uFEE0', -1, 45), new Among('\uFEE1', -1, 46), new Among('\uFEE2', -1, 46), new Among('\uFEE3', -1, 46), new Among('\uFEE4', -1, 46), new Among('\uFEE5', -1, 47), new Among('\uFEE6', -1, 47), new Among('\uFEE7', -1, 47), new Among('\uFEE8', -1, 47), new Among('\uFEE9', -1, 48), new Among('\uFEEA', -1, 48), new Among('\uFEEB', -1, 48), new Among('\uFEEC', -1, 48), new Among('\uFEED', -1, 49), new Among('\uFEEE', -1, 49), new Among('\uFEEF', -1, 50), new Among('\uFEF0', -1, 50), new Among('\uFEF1', -1, 51), new Among('\uFEF2', -1, 51), new Among('\uFEF3', -1, 51), new Among('\uFEF4', -1, 51), new Among('\uFEF5', -1, 55), new Among('\uFEF6', -1, 55), new Among('\uFEF7', -1, 53), new Among('\uFEF8', -1, 53), new Among('\uFEF9', -1, 54), new Among('\uFEFA', -1, 54), new Among('\uFEFB', -1, 52), new Among('\uFEFC', -1, 52)];
            }
        }, {
            key: 'a_1',
            get: function get() {
                delete arabicStemmer.a_1;
                return arabicStemmer.a_1 = [new Among('\u0622', -1, 1), new Among('\u0623', -1, 1), new Among('\u0624', -1, 2), new Among('\u0625', -1, 1), new Among('\u0626', -1, 3)];
            }
        }, {
            key: 'a_2',
            get: function get() {
                delete arabicStemmer.a_2;
                return arabicStemmer.a_2 = [new Among('\u0622', -1, 1), new Among('\u0623', -1, 1), new Among('\u0624', -1, 2), new Among('\u0625', -1, 1), new Among('\u0626', -1, 3)];
            }
        }, {
            key: 'a_3',
            get: function get() {
                delete arabicStemmer.a_3;
                return arabicStemmer.a_3 = [new Among('\u0627\u0644', -1, 2), new Among('\u0628\u0627\u0644', -1, 1), new Among('\u0643\u0627\u0644', -1, 1), new Among('\u0644\u0644', -1, 2)];
            }
        }, {
            key: 'a_4',
            get: function get() {
                delete arabicStemmer.a_4;
                return arabicStemmer.a_4 = [new Among('\u0623\u0622', -1, 2), new Among('\u0623\u0623', -1, 1), new Among('\u0623\u0624', -1, 3), new Among('\u0623\u0625', -1, 5), new Among('\u0623\u0627', -1, 4)];
            }
        }, {
            key: 'a_5',
            get: function get() {
                delete arabicStemmer.a_5;
                return arabicStemmer.a_5 = [new Among('\u0641', -1, 1), new Among('\u0648', -1, 2)];
            }
        }, {
            key: 'a_6',
            get: function get() {
                delete arabicStemmer.a_6;
                return arabicStemmer.a_6 = [new Among('\u0627\u0644', -1, 2), new Among('\u0628\u0627\u0644', -1, 1), new Among('\u0643\u0627\u0644', -1, 1), new Among('\u0644\u0644', -1, 2)];
            }
        }, {
            key: 'a_7',
            get: function get() {
                delete arabicStemmer.a_7;
                return arabicStemmer.a_7 = [new Among('\u0628', -1, 1), new Among('\u0628\u0628', 0, 2), new Among('\u0643\u0643', -1, 3)];
            }
        }, {
            key: 'a_8',
            get: function get() {
                delete arabicStemmer.a_8;
                return arabicStemmer.a_8 = [new Among('\u0633\u0623', -1, 4), new Among('\u0633\u062A', -1, 2), new Among('\u0633\u0646', -1, 3), new Among('\u0633\u064A', -1, 1)];
            }
        }, {
            key: 'a_9',
            get: function get() {
                delete arabicStemmer.a_9;
                return arabicStemmer.a_9 = [new Among('\u062A\u0633\u062A', -1, 1), new Among('\u0646\u0633\u062A', -1, 1), new Among('\u064A\u0633\u062A', -1, 1)];
            }
        }, {
            key: 'a_10',
            get: function get() {
                delete arabicStemmer.a_10;
                return arabicStemmer.a_10 = [new Among('\u0643\u0645\u0627', -1, 3), new Among('\u0647\u0645\u0627', -1, 3), new Among('\u0646\u0627', -1, 2), new Among('\u0647\u0627', -1, 2), new Among('\u0643', -1, 1), new Among('\u0643\u0645', -1, 2), new Among('\u0647\u0645', -1, 2), new Among('\u0647\u0646', -1, 2), new Among('\u0647', -1, 1), new Among('\u064A', -1, 1)];
            }
        }, {
            key: 'a_11',
            get: function get() {
                delete arabicStemmer.a_11;
                return arabicStemmer.a_11 = [new Among('\u0646', -1, 1)];
            }
        }, {
            key: 'a_12',
            get: function get() {
                delete arabicStemmer.a_12;
                return arabicStemmer.a_12 = [new Among('\u0627', -1, 1), new Among('\u0648', -1, 1), new Among('\u064A', -1, 1)];
            }
        }, {
            key: 'a_13',
            get: function get() {
                delete arabicStemmer.a_13;
                return arabicStemmer.a_13 = [new Among('\u0627\u062A', -1, 1)];
            }
        }, {
            key: 'a_14',
            get: function get() {
                delete arabicStemmer.a_14;
                return arabicStemmer.a_14 = [new Among('\u062A', -1, 1)];
            }
        }, {
            key: 'a_15',
            get: function get() {
                delete arabicStemmer.a_15;
                return arabicStemmer.a_15 = [new Among('\u0629', -1, 1)];
            }
        }, {
            key: 'a_16',
            get: function get() {
                delete arabicStemmer.a_16;
                return arabicStemmer.a_16 = [new Among('\u064A', -1, 1)];
            }
        }, {
            key: 'a_17',
            get: function get() {
                delete arabicStemmer.a_17;
                return arabicStemmer.a_17 = [new Among('\u0643\u0645\u0627', -1, 3), new Among('\u0647\u0645\u0627', -1, 3), new Among('\u0646\u0627', -1, 2), new Among('\u0647\u0627', -1, 2), new Among('\u0643', -1, 1), new Among('\u0643\u0645', -1, 2), new Among('\u0647\u0645', -1, 2), new Among('\u0643\u0646', -1, 2), new Among('\u0647\u0646', -1, 2), new Among('\u0647', -1, 1), new Among('\u0643\u0645\u0648', -1, 3), new Among('\u0646\u064A', -1, 2)];
            }
        }, {
            key: 'a_18',
            get: function get() {
                delete arabicStemmer.a_18;
                return arabicStemmer.a_18 = [new Among('\u0627', -1, 2), new Among('\u062A\u0627', 0, 3), new Among('\u062A\u0645\u0627', 0, 5), new Among('\u0646\u0627', 0, 3), new Among('\u062A', -1, 1), new Among('\u0646', -1, 2), new Among('\u0627\u0646', 5, 4), new Among('\u062A\u0646', 5, 3), new Among('\u0648\u0646', 5, 4), new Among('\u064A\u0646', 5, 4), new Among('\u064A', -1, 2)];
            }
        }, {
            key: 'a_19',
            get: function get() {
                delete arabicStemmer.a_19;
                return arabicStemmer.a_19 = [new Among('\u0648\u0627', -1, 1), new Among('\u062A\u0645', -1, 1)];
            }
        }, {
            key: 'a_20',
            get: function get() {
                delete arabicStemmer.a_20;
                return arabicStemmer.a_20 = [new Among('\u0648', -1, 1), new Among('\u062A\u0645\u0648', 0, 2)];
            }
        }, {
            key: 'a_21',
            get: function get() {
                delete arabicStemmer.a_21;
                return arabicStemmer.a_21 = [new Among('\u0649', -1, 1)];
            }
        }]);

        return arabicStemmer;
    }(SnowballStemmer);

var stemmer = new arabicStemmer();
global.imrfStem = function (word) { stemmer.setCurrent(word); stemmer.stem(); return stemmer.getCurrent(); };
})(typeof self !== 'undefined' ? self : globalThis);
