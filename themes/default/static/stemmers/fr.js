// Snowball french stemmer for the imrf search page, from snowball-stemmers 0.6.0 (ISC licence),
// made by tests/browser/stemmers/extract.mjs; runs on stemmers/runtime.js.
(function (global) {
'use strict';
var _typeof = global.imrfSnowball._typeof, _possibleConstructorReturn = global.imrfSnowball._possibleConstructorReturn, _inherits = global.imrfSnowball._inherits, _classCallCheck = global.imrfSnowball._classCallCheck, _createClass = global.imrfSnowball._createClass, _get = global.imrfSnowball._get, StringBuffer = global.imrfSnowball.StringBuffer, StringBuilder = global.imrfSnowball.StringBuilder, Among = global.imrfSnowball.Among, SnowballProgram = global.imrfSnowball.SnowballProgram, SnowballStemmer = global.imrfSnowball.SnowballStemmer;
    var frenchStemmer = function (_SnowballStemmer10) {
        _inherits(frenchStemmer, _SnowballStemmer10);

        function frenchStemmer() {
            _classCallCheck(this, frenchStemmer);

            return _possibleConstructorReturn(this, Object.getPrototypeOf(frenchStemmer).apply(this, arguments));
        }

        _createClass(frenchStemmer, [{
            key: 'r_prelude$esjava$0',
            value: function r_prelude$esjava$0() {
                var v_1 = undefined;
                var v_2 = undefined;
                var v_3 = undefined;
                var v_4 = undefined;

                replab0: while (true) {
                    v_1 = this.cursor;

                    lab1: do {
                        golab2: while (true) {
                            v_2 = this.cursor;

                            lab3: do {
                                lab4: do {
                                    v_3 = this.cursor;

                                    lab5: do {
                                        if (!this.in_grouping$esjava$3(frenchStemmer.g_v, 97, 251)) {
                                            break lab5;
                                        }

                                        this.bra = this.cursor;

                                        lab6: do {
                                            v_4 = this.cursor;

                                            lab7: do {
                                                if (!this.eq_s$esjava$1("u")) {
                                                    break lab7;
                                                }

                                                this.ket = this.cursor;

                                                if (!this.in_grouping$esjava$3(frenchStemmer.g_v, 97, 251)) {
                                                    break lab7;
                                                }

                                                this.slice_from$esjava$1("U");
                                                break lab6;
                                            } while (false);

                                            this.cursor = v_4;

                                            lab8: do {
                                                if (!this.eq_s$esjava$1("i")) {
                                                    break lab8;
                                                }

                                                this.ket = this.cursor;

                                                if (!this.in_grouping$esjava$3(frenchStemmer.g_v, 97, 251)) {
                                                    break lab8;
                                                }

                                                this.slice_from$esjava$1("I");
                                                break lab6;
                                            } while (false);

                                            this.cursor = v_4;

                                            if (!this.eq_s$esjava$1("y")) {
                                                break lab5;
                                            }

                                            this.ket = this.cursor;
                                            this.slice_from$esjava$1("Y");
                                        } while (false);

                                        break lab4;
                                    } while (false);

                                    this.cursor = v_3;

                                    lab9: do {
                                        this.bra = this.cursor;

                                        if (!this.eq_s$esjava$1("y")) {
                                            break lab9;
                                        }

                                        this.ket = this.cursor;

                                        if (!this.in_grouping$esjava$3(frenchStemmer.g_v, 97, 251)) {
                                            break lab9;
                                        }

                                        this.slice_from$esjava$1("Y");
                                        break lab4;
                                    } while (false);

                                    this.cursor = v_3;

                                    if (!this.eq_s$esjava$1("q")) {
                                        break lab3;
                                    }

                                    this.bra = this.cursor;

                                    if (!this.eq_s$esjava$1("u")) {
                                        break lab3;
                                    }

                                    this.ket = this.cursor;
                                    this.slice_from$esjava$1("U");
                                } while (false);

                                this.cursor = v_2;
                                break golab2;
                            } while (false);

                            this.cursor = v_2;

                            if (this.cursor >= this.limit) {
                                break lab1;
                            }

                            this.cursor++;
                        }

                        continue replab0;
                    } while (false);

                    this.cursor = v_1;
                    break replab0;
                }

                return true;
            }
        }, {
            key: 'r_mark_regions$esjava$0',
            value: function r_mark_regions$esjava$0() {
                var v_1 = undefined;
                var v_2 = undefined;
                var v_4 = undefined;
                this.I_pV = this.limit;
                this.I_p1 = this.limit;
                this.I_p2 = this.limit;
                v_1 = this.cursor;

                lab0: do {
                    lab1: do {
                        v_2 = this.cursor;

                        lab2: do {
                            if (!this.in_grouping$esjava$3(frenchStemmer.g_v, 97, 251)) {
                                break lab2;
                            }

                            if (!this.in_grouping$esjava$3(frenchStemmer.g_v, 97, 251)) {
                                break lab2;
                            }

                            if (this.cursor >= this.limit) {
                                break lab2;
                            }

                            this.cursor++;
                            break lab1;
                        } while (false);

                        this.cursor = v_2;

                        lab3: do {
                            if (this.find_among$esjava$1(frenchStemmer.a_0) === 0) {
                                break lab3;
                            }

                            break lab1;
                        } while (false);

                        this.cursor = v_2;

                        if (this.cursor >= this.limit) {
                            break lab0;
                        }

                        this.cursor++;

                        golab4: while (true) {
                            lab5: do {
                                if (!this.in_grouping$esjava$3(frenchStemmer.g_v, 97, 251)) {
                                    break lab5;
                                }

                                break golab4;
                            } while (false);

                            if (this.cursor >= this.limit) {
                                break lab0;
                            }

                            this.cursor++;
                        }
                    } while (false);

                    this.I_pV = this.cursor;
                } while (false);

                this.cursor = v_1;
                v_4 = this.cursor;

                lab6: do {
                    golab7: while (true) {
                        lab8: do {
                            if (!this.in_grouping$esjava$3(frenchStemmer.g_v, 97, 251)) {
                                break lab8;
                            }

                            break golab7;
                        } while (false);

                        if (this.cursor >= this.limit) {
                            break lab6;
                        }

                        this.cursor++;
                    }

                    golab9: while (true) {
                        lab10: do {
                            if (!this.out_grouping$esjava$3(frenchStemmer.g_v, 97, 251)) {
                                break lab10;
                            }

                            break golab9;
                        } while (false);

                        if (this.cursor >= this.limit) {
                            break lab6;
                        }

                        this.cursor++;
                    }

                    this.I_p1 = this.cursor;

                    golab11: while (true) {
                        lab12: do {
                            if (!this.in_grouping$esjava$3(frenchStemmer.g_v, 97, 251)) {
                                break lab12;
                            }

                            break golab11;
                        } while (false);

                        if (this.cursor >= this.limit) {
                            break lab6;
                        }

                        this.cursor++;
                    }

                    golab13: while (true) {
                        lab14: do {
                            if (!this.out_grouping$esjava$3(frenchStemmer.g_v, 97, 251)) {
                                break lab14;
                            }

                            break golab13;
                        } while (false);

                        if (this.cursor >= this.limit) {
                            break lab6;
                        }

                        this.cursor++;
                    }

                    this.I_p2 = this.cursor;
                } while (false);

                this.cursor = v_4;
                return true;
            }
        }, {
            key: 'r_postlude$esjava$0',
            value: function r_postlude$esjava$0() {
                var among_var = undefined;
                var v_1 = undefined;

                replab0: while (true) {
                    v_1 = this.cursor;

                    lab1: do {
                        this.bra = this.cursor;
                        among_var = this.find_among$esjava$1(frenchStemmer.a_1);

                        if (among_var === 0) {
                            break lab1;
                        }

                        this.ket = this.cursor;

                        switch (among_var) {
                            case 0:
                                break lab1;

                            case 1:
                                this.slice_from$esjava$1("i");
                                break;

                            case 2:
                                this.slice_from$esjava$1("u");
                                break;

                            case 3:
                                this.slice_from$esjava$1("y");
                                break;

                            case 4:
                                if (this.cursor >= this.limit) {
                                    break lab1;
                                }

                                this.cursor++;
                                break;
                        }

                        continue replab0;
                    } while (false);

                    this.cursor = v_1;
                    break replab0;
                }

                return true;
            }
        }, {
            key: 'r_RV$esjava$0',
            value: function r_RV$esjava$0() {
                if (!(this.I_pV <= this.cursor)) {
                    return false;
                }

                return true;
            }
        }, {
            key: 'r_R1$esjava$0',
            value: function r_R1$esjava$0() {
                if (!(this.I_p1 <= this.cursor)) {
                    return false;
                }

                return true;
            }
        }, {
            key: 'r_R2$esjava$0',
            value: function r_R2$esjava$0() {
                if (!(this.I_p2 <= this.cursor)) {
                    return false;
                }

                return true;
            }
        }, {
            key: 'r_standard_suffix$esjava$0',
            value: function r_standard_suffix$esjava$0() {
                var among_var = undefined;
                var v_1 = undefined;
                var v_2 = undefined;
                var v_3 = undefined;
                var v_4 = undefined;
                var v_5 = undefined;
                var v_6 = undefined;
                var v_7 = undefined;
                var v_8 = undefined;
                var v_9 = undefined;
                var v_10 = undefined;
                var v_11 = undefined;
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(frenchStemmer.a_4);

                if (among_var === 0) {
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        return false;

                    case 1:
                        if (!this.r_R2$esjava$0()) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 2:
                        if (!this.r_R2$esjava$0()) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        v_1 = this.limit - this.cursor;

                        lab0: do {
                            this.ket = this.cursor;

                            if (!this.eq_s_b$esjava$1("ic")) {
                                this.cursor = this.limit - v_1;
                                break lab0;
                            }

                            this.bra = this.cursor;

                            lab1: do {
                                v_2 = this.limit - this.cursor;

                                lab2: do {
                                    if (!this.r_R2$esjava$0()) {
                                        break lab2;
                                    }

                                    this.slice_del$esjava$0();
                                    break lab1;
                                } while (false);

                                this.cursor = this.limit - v_2;
                                this.slice_from$esjava$1("iqU");
                            } while (false);
                        } while (false);

                        break;

                    case 3:
                        if (!this.r_R2$esjava$0()) {
                            return false;
                        }

                        this.slice_from$esjava$1("log");
                        break;

                    case 4:
                        if (!this.r_R2$esjava$0()) {
                            return false;
                        }

                        this.slice_from$esjava$1("u");
                        break;

                    case 5:
                        if (!this.r_R2$esjava$0()) {
                            return false;
                        }

                        this.slice_from$esjava$1("ent");
                        break;

                    case 6:
                        if (!this.r_RV$esjava$0()) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        v_3 = this.limit - this.cursor;

                        lab3: do {
                            this.ket = this.cursor;
                            among_var = this.find_among_b$esjava$1(frenchStemmer.a_2);

                            if (among_var === 0) {
                                this.cursor = this.limit - v_3;
                                break lab3;
                            }

                            this.bra = this.cursor;

                            switch (among_var) {
                                case 0:
                                    this.cursor = this.limit - v_3;
                                    break lab3;

                                case 1:
                                    if (!this.r_R2$esjava$0()) {
                                        this.cursor = this.limit - v_3;
                                        break lab3;
                                    }

                                    this.slice_del$esjava$0();
                                    this.ket = this.cursor;

                                    if (!this.eq_s_b$esjava$1("at")) {
                                        this.cursor = this.limit - v_3;
                                        break lab3;
                                    }

                                    this.bra = this.cursor;

                                    if (!this.r_R2$esjava$0()) {
                                        this.cursor = this.limit - v_3;
                                        break lab3;
                                    }

                                    this.slice_del$esjava$0();
                                    break;

                                case 2:
                                    lab4: do {
                                        v_4 = this.limit - this.cursor;

                                        lab5: do {
                                            if (!this.r_R2$esjava$0()) {
                                                break lab5;
                                            }

                                            this.slice_del$esjava$0();
                                            break lab4;
                                        } while (false);

                                        this.cursor = this.limit - v_4;

                                        if (!this.r_R1$esjava$0()) {
                                            this.cursor = this.limit - v_3;
                                            break lab3;
                                        }

                                        this.slice_from$esjava$1("eux");
                                    } while (false);

                                    break;

                                case 3:
                                    if (!this.r_R2$esjava$0()) {
                                        this.cursor = this.limit - v_3;
                                        break lab3;
                                    }

                                    this.slice_del$esjava$0();
                                    break;

                                case 4:
                                    if (!this.r_RV$esjava$0()) {
                                        this.cursor = this.limit - v_3;
                                        break lab3;
                                    }

                                    this.slice_from$esjava$1("i");
                                    break;
                            }
                        } while (false);

                        break;

                    case 7:
                        if (!this.r_R2$esjava$0()) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        v_5 = this.limit - this.cursor;

                        lab6: do {
                            this.ket = this.cursor;
                            among_var = this.find_among_b$esjava$1(frenchStemmer.a_3);

                            if (among_var === 0) {
                                this.cursor = this.limit - v_5;
                                break lab6;
                            }

                            this.bra = this.cursor;

                            switch (among_var) {
                                case 0:
                                    this.cursor = this.limit - v_5;
                                    break lab6;

                                case 1:
                                    lab7: do {
                                        v_6 = this.limit - this.cursor;

                                        lab8: do {
                                            if (!this.r_R2$esjava$0()) {
                                                break lab8;
                                            }

                                            this.slice_del$esjava$0();
                                            break lab7;
                                        } while (false);

                                        this.cursor = this.limit - v_6;
                                        this.slice_from$esjava$1("abl");
                                    } while (false);

                                    break;

                                case 2:
                                    lab9: do {
                                        v_7 = this.limit - this.cursor;

                                        lab10: do {
                                            if (!this.r_R2$esjava$0()) {
                                                break lab10;
                                            }

                                            this.slice_del$esjava$0();
                                            break lab9;
                                        } while (false);

                                        this.cursor = this.limit - v_7;
                                        this.slice_from$esjava$1("iqU");
                                    } while (false);

                                    break;

                                case 3:
                                    if (!this.r_R2$esjava$0()) {
                                        this.cursor = this.limit - v_5;
                                        break lab6;
                                    }

                                    this.slice_del$esjava$0();
                                    break;
                            }
                        } while (false);

                        break;

                    case 8:
                        if (!this.r_R2$esjava$0()) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        v_8 = this.limit - this.cursor;

                        lab11: do {
                            this.ket = this.cursor;

                            if (!this.eq_s_b$esjava$1("at")) {
                                this.cursor = this.limit - v_8;
                                break lab11;
                            }

                            this.bra = this.cursor;

                            if (!this.r_R2$esjava$0()) {
                                this.cursor = this.limit - v_8;
                                break lab11;
                            }

                            this.slice_del$esjava$0();
                            this.ket = this.cursor;

                            if (!this.eq_s_b$esjava$1("ic")) {
                                this.cursor = this.limit - v_8;
                                break lab11;
                            }

                            this.bra = this.cursor;

                            lab12: do {
                                v_9 = this.limit - this.cursor;

                                lab13: do {
                                    if (!this.r_R2$esjava$0()) {
                                        break lab13;
                                    }

                                    this.slice_del$esjava$0();
                                    break lab12;
                                } while (false);

                                this.cursor = this.limit - v_9;
                                this.slice_from$esjava$1("iqU");
                            } while (false);
                        } while (false);

                        break;

                    case 9:
                        this.slice_from$esjava$1("eau");
                        break;

                    case 10:
                        if (!this.r_R1$esjava$0()) {
                            return false;
                        }

                        this.slice_from$esjava$1("al");
                        break;

                    case 11:
                        lab14: do {
                            v_10 = this.limit - this.cursor;

                            lab15: do {
                                if (!this.r_R2$esjava$0()) {
                                    break lab15;
                                }

                                this.slice_del$esjava$0();
                                break lab14;
                            } while (false);

                            this.cursor = this.limit - v_10;

                            if (!this.r_R1$esjava$0()) {
                                return false;
                            }

                            this.slice_from$esjava$1("eux");
                        } while (false);

                        break;

                    case 12:
                        if (!this.r_R1$esjava$0()) {
                            return false;
                        }

                        if (!this.out_grouping_b$esjava$3(frenchStemmer.g_v, 97, 251)) {
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 13:
                        if (!this.r_RV$esjava$0()) {
                            return false;
                        }

                        this.slice_from$esjava$1("ant");
                        return false;

                    case 14:
                        if (!this.r_RV$esjava$0()) {
                            return false;
                        }

                        this.slice_from$esjava$1("ent");
                        return false;

                    case 15:
                        v_11 = this.limit - this.cursor;

                        if (!this.in_grouping_b$esjava$3(frenchStemmer.g_v, 97, 251)) {
                            return false;
                        }

                        if (!this.r_RV$esjava$0()) {
                            return false;
                        }

                        this.cursor = this.limit - v_11;
                        this.slice_del$esjava$0();
                        return false;
                }

                return true;
            }
        }, {
            key: 'r_i_verb_suffix$esjava$0',
            value: function r_i_verb_suffix$esjava$0() {
                var among_var = undefined;
                var v_1 = undefined;
                var v_2 = undefined;
                v_1 = this.limit - this.cursor;

                if (this.cursor < this.I_pV) {
                    return false;
                }

                this.cursor = this.I_pV;
                v_2 = this.limit_backward;
                this.limit_backward = this.cursor;
                this.cursor = this.limit - v_1;
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(frenchStemmer.a_5);

                if (among_var === 0) {
                    this.limit_backward = v_2;
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        this.limit_backward = v_2;
                        return false;

                    case 1:
                        if (!this.out_grouping_b$esjava$3(frenchStemmer.g_v, 97, 251)) {
                            this.limit_backward = v_2;
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                this.limit_backward = v_2;
                return true;
            }
        }, {
            key: 'r_verb_suffix$esjava$0',
            value: function r_verb_suffix$esjava$0() {
                var among_var = undefined;
                var v_1 = undefined;
                var v_2 = undefined;
                var v_3 = undefined;
                v_1 = this.limit - this.cursor;

                if (this.cursor < this.I_pV) {
                    return false;
                }

                this.cursor = this.I_pV;
                v_2 = this.limit_backward;
                this.limit_backward = this.cursor;
                this.cursor = this.limit - v_1;
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(frenchStemmer.a_6);

                if (among_var === 0) {
                    this.limit_backward = v_2;
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        this.limit_backward = v_2;
                        return false;

                    case 1:
                        if (!this.r_R2$esjava$0()) {
                            this.limit_backward = v_2;
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;

                    case 2:
                        this.slice_del$esjava$0();
                        break;

                    case 3:
                        this.slice_del$esjava$0();
                        v_3 = this.limit - this.cursor;

                        lab0: do {
                            this.ket = this.cursor;

                            if (!this.eq_s_b$esjava$1("e")) {
                                this.cursor = this.limit - v_3;
                                break lab0;
                            }

                            this.bra = this.cursor;
                            this.slice_del$esjava$0();
                        } while (false);

                        break;
                }

                this.limit_backward = v_2;
                return true;
            }
        }, {
            key: 'r_residual_suffix$esjava$0',
            value: function r_residual_suffix$esjava$0() {
                var among_var = undefined;
                var v_1 = undefined;
                var v_2 = undefined;
                var v_3 = undefined;
                var v_4 = undefined;
                var v_5 = undefined;
                v_1 = this.limit - this.cursor;

                lab0: do {
                    this.ket = this.cursor;

                    if (!this.eq_s_b$esjava$1("s")) {
                        this.cursor = this.limit - v_1;
                        break lab0;
                    }

                    this.bra = this.cursor;
                    v_2 = this.limit - this.cursor;

                    if (!this.out_grouping_b$esjava$3(frenchStemmer.g_keep_with_s, 97, 232)) {
                        this.cursor = this.limit - v_1;
                        break lab0;
                    }

                    this.cursor = this.limit - v_2;
                    this.slice_del$esjava$0();
                } while (false);

                v_3 = this.limit - this.cursor;

                if (this.cursor < this.I_pV) {
                    return false;
                }

                this.cursor = this.I_pV;
                v_4 = this.limit_backward;
                this.limit_backward = this.cursor;
                this.cursor = this.limit - v_3;
                this.ket = this.cursor;
                among_var = this.find_among_b$esjava$1(frenchStemmer.a_7);

                if (among_var === 0) {
                    this.limit_backward = v_4;
                    return false;
                }

                this.bra = this.cursor;

                switch (among_var) {
                    case 0:
                        this.limit_backward = v_4;
                        return false;

                    case 1:
                        if (!this.r_R2$esjava$0()) {
                            this.limit_backward = v_4;
                            return false;
                        }

                        lab1: do {
                            v_5 = this.limit - this.cursor;

                            lab2: do {
                                if (!this.eq_s_b$esjava$1("s")) {
                                    break lab2;
                                }

                                break lab1;
                            } while (false);

                            this.cursor = this.limit - v_5;

                            if (!this.eq_s_b$esjava$1("t")) {
                                this.limit_backward = v_4;
                                return false;
                            }
                        } while (false);

                        this.slice_del$esjava$0();
                        break;

                    case 2:
                        this.slice_from$esjava$1("i");
                        break;

                    case 3:
                        this.slice_del$esjava$0();
                        break;

                    case 4:
                        if (!this.eq_s_b$esjava$1("gu")) {
                            this.limit_backward = v_4;
                            return false;
                        }

                        this.slice_del$esjava$0();
                        break;
                }

                this.limit_backward = v_4;
                return true;
            }
        }, {
            key: 'r_un_double$esjava$0',
            value: function r_un_double$esjava$0() {
                var v_1 = undefined;
                v_1 = this.limit - this.cursor;

                if (this.find_among_b$esjava$1(frenchStemmer.a_8) === 0) {
                    return false;
                }

                this.cursor = this.limit - v_1;
                this.ket = this.cursor;

                if (this.cursor <= this.limit_backward) {
                    return false;
                }

                this.cursor--;
                this.bra = this.cursor;
                this.slice_del$esjava$0();
                return true;
            }
        }, {
            key: 'r_un_accent$esjava$0',
            value: function r_un_accent$esjava$0() {
                var v_3 = undefined;
                {
                    var v_1 = 1;

                    replab0: while (true) {
                        lab1: do {
                            if (!this.out_grouping_b$esjava$3(frenchStemmer.g_v, 97, 251)) {
                                break lab1;
                            }

                            v_1--;
                            continue replab0;
                        } while (false);

                        break replab0;
                    }

                    if (v_1 > 0) {
                        return false;
                    }
                }
                this.ket = this.cursor;

                lab2: do {
                    v_3 = this.limit - this.cursor;

                    lab3: do {
                        if (!this.eq_s_b$esjava$1('\u00E9')) {
                            break lab3;
                        }

                        break lab2;
                    } while (false);

                    this.cursor = this.limit - v_3;

                    if (!this.eq_s_b$esjava$1('\u00E8')) {
                        return false;
                    }
                } while (false);

                this.bra = this.cursor;
                this.slice_from$esjava$1("e");
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
                var v_6 = undefined;
                var v_7 = undefined;
                var v_8 = undefined;
                var v_9 = undefined;
                var v_10 = undefined;
                var v_11 = undefined;
                v_1 = this.cursor;

                lab0: do {
                    if (!this.r_prelude$esjava$0()) {
                        break lab0;
                    }
                } while (false);

                this.cursor = v_1;
                v_2 = this.cursor;

                lab1: do {
                    if (!this.r_mark_regions$esjava$0()) {
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
                            v_5 = this.limit - this.cursor;

                            lab5: do {
                                v_6 = this.limit - this.cursor;

                                lab6: do {
                                    if (!this.r_standard_suffix$esjava$0()) {
                                        break lab6;
                                    }

                                    break lab5;
                                } while (false);

                                this.cursor = this.limit - v_6;

                                lab7: do {
                                    if (!this.r_i_verb_suffix$esjava$0()) {
                                        break lab7;
                                    }

                                    break lab5;
                                } while (false);

                                this.cursor = this.limit - v_6;

                                if (!this.r_verb_suffix$esjava$0()) {
                                    break lab4;
                                }
                            } while (false);

                            this.cursor = this.limit - v_5;
                            v_7 = this.limit - this.cursor;

                            lab8: do {
                                this.ket = this.cursor;

                                lab9: do {
                                    v_8 = this.limit - this.cursor;

                                    lab10: do {
                                        if (!this.eq_s_b$esjava$1("Y")) {
                                            break lab10;
                                        }

                                        this.bra = this.cursor;
                                        this.slice_from$esjava$1("i");
                                        break lab9;
                                    } while (false);

                                    this.cursor = this.limit - v_8;

                                    if (!this.eq_s_b$esjava$1('\u00E7')) {
                                        this.cursor = this.limit - v_7;
                                        break lab8;
                                    }

                                    this.bra = this.cursor;
                                    this.slice_from$esjava$1("c");
                                } while (false);
                            } while (false);

                            break lab3;
                        } while (false);

                        this.cursor = this.limit - v_4;

                        if (!this.r_residual_suffix$esjava$0()) {
                            break lab2;
                        }
                    } while (false);
                } while (false);

                this.cursor = this.limit - v_3;
                v_9 = this.limit - this.cursor;

                lab11: do {
                    if (!this.r_un_double$esjava$0()) {
                        break lab11;
                    }
                } while (false);

                this.cursor = this.limit - v_9;
                v_10 = this.limit - this.cursor;

                lab12: do {
                    if (!this.r_un_accent$esjava$0()) {
                        break lab12;
                    }
                } while (false);

                this.cursor = this.limit - v_10;
                this.cursor = this.limit_backward;
                v_11 = this.cursor;

                lab13: do {
                    if (!this.r_postlude$esjava$0()) {
                        break lab13;
                    }
                } while (false);

                this.cursor = v_11;
                return true;
            }
        }, {
            key: 'stem',
            value: function stem() {
                var _get36;

                for (var _len35 = arguments.length, args = Array(_len35), _key35 = 0; _key35 < _len35; _key35++) {
                    args[_key35] = arguments[_key35];
                }

                switch (args.length) {
                    case 0:
                        return this.stem$esjava$0.apply(this, args);
                }

                return (_get36 = _get(Object.getPrototypeOf(frenchStemmer.prototype), 'stem', this)).call.apply(_get36, [this].concat(args));
            }
        }, {
            key: 'I_p2',
            get: function get() {
                return Object.prototype.hasOwnProperty.call(this, '_$esjava$I_p2') ? this._$esjava$I_p2 : this._$esjava$I_p2 = 0;
            },
            set: function set(v) {
                this._$esjava$I_p2 = v;
            }
        }, {
            key: 'I_p1',
            get: function get() {
                return Object.prototype.hasOwnProperty.call(this, '_$esjava$I_p1') ? this._$esjava$I_p1 : this._$esjava$I_p1 = 0;
            },
            set: function set(v) {
                this._$esjava$I_p1 = v;
            }
        }, {
            key: 'I_pV',
            get: function get() {
                return Object.prototype.hasOwnProperty.call(this, '_$esjava$I_pV') ? this._$esjava$I_pV : this._$esjava$I_pV = 0;
            },
            set: function set(v) {
                this._$esjava$I_pV = v;
            }
        }], [{
            key: 'a_0',
            get: function get() {
                delete frenchStemmer.a_0;
                return frenchStemmer.a_0 = [new Among("col", -1, -1), new Among("par", -1, -1), new Among("tap", -1, -1)];
            }
        }, {
            key: 'a_1',
            get: function get() {
                delete frenchStemmer.a_1;
                return frenchStemmer.a_1 = [new Among("", -1, 4), new Among("I", 0, 1), new Among("U", 0, 2), new Among("Y", 0, 3)];
            }
        }, {
            key: 'a_2',
            get: function get() {
                delete frenchStemmer.a_2;
                return frenchStemmer.a_2 = [new Among("iqU", -1, 3), new Among("abl", -1, 3), new Among('I\u00E8r', -1, 4), new Among('i\u00E8r', -1, 4), new Among("eus", -1, 2), new Among("iv", -1, 1)];
            }
        }, {
            key: 'a_3',
            get: function get() {
                delete frenchStemmer.a_3;
                return frenchStemmer.a_3 = [new Among("ic", -1, 2), new Among("abil", -1, 1), new Among("iv", -1, 3)];
            }
        }, {
            key: 'a_4',
            get: function get() {
                delete frenchStemmer.a_4;
                return frenchStemmer.a_4 = [new Among("iqUe", -1, 1), new Among("atrice", -1, 2), new Among("ance", -1, 1), new Among("ence", -1, 5), new Among("logie", -1, 3), new Among("able", -1, 1), new Among("isme", -1, 1), new Among("euse", -1, 11), new Among("iste", -1, 1), new Among("ive", -1, 8), new Among("if", -1, 8), new Among("usion", -1, 4), new Among("ation", -1, 2), new Among("ution", -1, 4), new Among("ateur", -1, 2), new Among("iqUes", -1, 1), new Among("atrices", -1, 2), new Among("ances", -1, 1), new Among("ences", -1, 5), new Among("logies", -1, 3), new Among("ables", -1, 1), new Among("ismes", -1, 1), new Among("euses", -1, 11), new Among("istes", -1, 1), new Among("ives", -1, 8), new Among("ifs", -1, 8), new Among("usions", -1, 4), new Among("ations", -1, 2), new Among("utions", -1, 4), new Among("ateurs", -1, 2), new Among("ments", -1, 15), new Among("ements", 30, 6), new Among("issements", 31, 12), new Among('it\u00E9s', -1, 7), new Among("ment", -1, 15), new Among("ement", 34, 6), new Among("issement", 35, 12), new Among("amment", 34, 13), new Among("emment", 34, 14), new Among("aux", -1, 10), new Among("eaux", 39, 9), new Among("eux", -1, 1), new Among('it\u00E9', -1, 7)];
            }
        }, {
            key: 'a_5',
            get: function get() {
                delete frenchStemmer.a_5;
                return frenchStemmer.a_5 = [new Among("ira", -1, 1), new Among("ie", -1, 1), new Among("isse", -1, 1), new Among("issante", -1, 1), new Among("i", -1, 1), new Among("irai", 4, 1), new Among("ir", -1, 1), new Among("iras", -1, 1), new Among("ies", -1, 1), new Among('\u00EEmes', -1, 1), new Among("isses", -1, 1), new Among("issantes", -1, 1), new Among('\u00EEtes', -1, 1), new Among("is", -1, 1), new Among("irais", 13, 1), new Among("issais", 13, 1), new Among("irions", -1, 1), new Among("issions", -1, 1), new Among("irons", -1, 1), new Among("issons", -1, 1), new Among("issants", -1, 1), new Among("it", -1, 1), new Among("irait", 21, 1), new Among("issait", 21, 1), new Among("issant", -1, 1), new Among("iraIent", -1, 1), new Among("issaIent", -1, 1), new Among("irent", -1, 1), new Among("issent", -1, 1), new Among("iront", -1, 1), new Among('\u00EEt', -1, 1), new Among("iriez", -1, 1), new Among("issiez", -1, 1), new Among("irez", -1, 1), new Among("issez", -1, 1)];
            }
        }, {
            key: 'a_6',
            get: function get() {
                delete frenchStemmer.a_6;
                return frenchStemmer.a_6 = [new Among("a", -1, 3), new Among("era", 0, 2), new Among("asse", -1, 3), new Among("ante", -1, 3), new Among('\u00E9e', -1, 2), new Among("ai", -1, 3), new Among("erai", 5, 2), new Among("er", -1, 2), new Among("as", -1, 3), new Among("eras", 8, 2), new Among('\u00E2mes', -1, 3), new Among("asses", -1, 3), new Among("antes", -1, 3), new Among('\u00E2tes', -1, 3), new Among('\u00E9es', -1, 2), new Among("ais", -1, 3), new Among("erais", 15, 2), new Among("ions", -1, 1), new Among("erions", 17, 2), new Among("assions", 17, 3), new Among("erons", -1, 2), new Among("ants", -1, 3), new Among('\u00E9s', -1, 2), new Among("ait", -1, 3), new Among("erait", 23, 2), new Among("ant", -1, 3), new Among("aIent", -1, 3), new Among("eraIent", 26, 2), new Among('\u00E8rent', -1, 2), new Among("assent", -1, 3), new Among("eront", -1, 2), new Among('\u00E2t', -1, 3), new Among("ez", -1, 2), new Among("iez", 32, 2), new Among("eriez", 33, 2), new Among("assiez", 33, 3), new Among("erez", 32, 2), new Among('\u00E9', -1, 2)];
            }
        }, {
            key: 'a_7',
            get: function get() {
                delete frenchStemmer.a_7;
                return frenchStemmer.a_7 = [new Among("e", -1, 3), new Among('I\u00E8re', 0, 2), new Among('i\u00E8re', 0, 2), new Among("ion", -1, 1), new Among("Ier", -1, 2), new Among("ier", -1, 2), new Among('\u00EB', -1, 4)];
            }
        }, {
            key: 'a_8',
            get: function get() {
                delete frenchStemmer.a_8;
                return frenchStemmer.a_8 = [new Among("ell", -1, -1), new Among("eill", -1, -1), new Among("enn", -1, -1), new Among("onn", -1, -1), new Among("ett", -1, -1)];
            }
        }, {
            key: 'g_v',
            get: function get() {
                delete frenchStemmer.g_v;
                return frenchStemmer.g_v = [17, 65, 16, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128, 130, 103, 8, 5];
            }
        }, {
            key: 'g_keep_with_s',
            get: function get() {
                delete frenchStemmer.g_keep_with_s;
                return frenchStemmer.g_keep_with_s = [1, 65, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128];
            }
        }]);

        return frenchStemmer;
    }(SnowballStemmer);

var stemmer = new frenchStemmer();
global.imrfStem = function (word) { stemmer.setCurrent(word); stemmer.stem(); return stemmer.getCurrent(); };
})(typeof self !== 'undefined' ? self : globalThis);
