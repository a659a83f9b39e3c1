fn main() {
    println!("deftab");
}
