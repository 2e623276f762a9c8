// A template bomb: every instantiation doubles the names the compiler must
// build and print, until the instantiation depth limit stops it with an error
// message far larger than any compile output cap.
template <class A, class B> struct P {};
template <int N, class T> struct Bomb {
  using type = typename Bomb<N - 1, P<T, T>>::type;
};
template <class T> struct Bomb<0, T> {
  using type = typename T::missing;
};
int main() {
  Bomb<16, int>::type x;
  return 0;
}
